package io.hookline.core.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentHashTest {

  @Test
  void theSameMessageHashesAlikeWhateverItsLineEndsAndDifferentOnesDoNot() {
    byte[] lf = "From: a@example.org\nSubject: hi\n\nbody\n".getBytes(StandardCharsets.US_ASCII);
    byte[] crlf = "From: a@example.org\r\nSubject: hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] other = "From: a@example.org\nSubject: hi\n\nbody!\n".getBytes(StandardCharsets.US_ASCII);

    assertThat(ContentHash.of(crlf)).isEqualTo(ContentHash.of(lf));
    assertThat(ContentHash.of(other)).isNotEqualTo(ContentHash.of(lf));
    assertThat(ContentHash.of(new byte[0])).isNotZero();
    assertThat(ContentHash.of("a\rb".getBytes(StandardCharsets.US_ASCII))).as("a lone CR is content").isNotEqualTo(ContentHash.of("ab".getBytes(StandardCharsets.US_ASCII)));
  }
}
