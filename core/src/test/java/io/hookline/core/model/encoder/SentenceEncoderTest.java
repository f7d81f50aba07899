package io.hookline.core.model.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceEncoderTest {

  @Test
  void theBundledEncoderLoadsOfflineAndPlacesLikeMeaningsClose() throws Exception {
    try (SentenceEncoder encoder = SentenceEncoder.bundled()) {
      assertThat(encoder.name()).isEqualTo(SentenceEncoder.BUNDLED);
      assertThat(encoder.sha256()).hasSize(64);
      assertThat(encoder.dimensions()).isEqualTo(384);
      List<float[]> vectors = encoder.embed(List.of(
          "Your account has been suspended. Verify your password now to restore access.",
          "We locked your account: confirm your login details within 24 hours or lose access.",
          "The minutes of Tuesday's garden club meeting are attached; next month we plant tulips.",
          ""));
      assertThat(norm(vectors.get(0))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
      assertThat(cosine(vectors.get(0), vectors.get(1))).as("two lures").isGreaterThan(cosine(vectors.get(0), vectors.get(2)) + 0.2);
      // int8 activations are scaled per batch, padding included: alone, a text embeds nearly, not bit for bit, the same
      assertThat(cosine(encoder.embed(List.of("Your account has been suspended. Verify your password now to restore access.")).get(0), vectors.get(0)))
          .as("the same text alone, unpadded").isGreaterThan(0.99);
    }
  }

  private static double norm(float[] v) {
    return Math.sqrt(cosine(v, v));
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot;
  }
}
