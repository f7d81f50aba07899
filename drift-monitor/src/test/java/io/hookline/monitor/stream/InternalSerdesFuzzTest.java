package io.hookline.monitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.Label;
import io.hookline.core.profile.Reference;
import io.hookline.monitor.DriftScenarioAccess;
import io.hookline.monitor.window.WindowSketch;
import io.hookline.monitor.window.WindowSketchSerde;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The monitor's own formats (partial sketches on the repartition topic, window sketches in the
 * store, verdict summaries in the join) met with random and mutated bytes: each input decodes or
 * is refused with a SerializationException, nothing else, and nothing hangs or allocates what a
 * corrupt length claims.
 */
class InternalSerdesFuzzTest {
  private static final int CASES = 3_000;

  @Test
  void corruptBytesAreRefusedWithASerializationException() throws Exception {
    Reference reference = DriftScenarioAccess.reference();
    WindowSketch sketch = new WindowSketch();
    DriftScenarioAccess.inDistribution(200).forEach(r -> sketch.add(r, reference));
    sketch.addLabelled(Label.PHISHING, Label.LEGITIMATE);
    sketch.sealBatch();
    byte[] validPartial = new Partial.PartialSerde().serializer().serialize("t", new Partial(60_000, sketch));
    byte[] validSummary = new VerdictSummary.SummarySerde().serializer().serialize("t", new VerdictSummary("phish", "v1", 5, Label.PHISHING));

    SplittableRandom random = new SplittableRandom(20261128);
    int refused = fuzz(random, validPartial, bytes -> new Partial.PartialSerde().deserializer().deserialize("t", bytes));
    refused += fuzz(random, WindowSketchSerde.toBytes(sketch), WindowSketchSerde::fromBytes);
    refused += fuzz(random, validSummary, bytes -> new VerdictSummary.SummarySerde().deserializer().deserialize("t", bytes));
    assertThat(refused).as("most corrupt inputs are refused").isGreaterThan(CASES);
  }

  private static int fuzz(SplittableRandom random, byte[] valid, Function<byte[], Object> decode) {
    int refused = 0;
    for (int i = 0; i < CASES; i++) {
      byte[] input;
      if (i % 3 == 0) {
        input = new byte[random.nextInt(64)];
        random.nextBytes(input);
      } else {
        input = valid.clone();
        int flips = 1 + random.nextInt(4);
        for (int f = 0; f < flips && input.length > 0; f++) {
          input[random.nextInt(input.length)] = (byte) random.nextInt(256);
        }
        if (i % 3 == 2) {
          input = java.util.Arrays.copyOf(input, random.nextInt(input.length + 1));
        }
      }
      try {
        decode.apply(input);
      } catch (SerializationException expected) {
        refused++;
      }
    }
    return refused;
  }
}
