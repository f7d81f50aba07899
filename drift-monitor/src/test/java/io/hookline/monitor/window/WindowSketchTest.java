package io.hookline.monitor.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hookline.avro.InferenceRecord;
import io.hookline.avro.Label;
import io.hookline.core.profile.Reference;
import io.hookline.monitor.DriftScenarioAccess;
import io.hookline.monitor.labelling.LabelCandidate;
import java.util.List;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WindowSketchTest {

  @Test
  void sketchesOfTwoPartitionsMergeIntoTheSketchOfTheirUnion() throws Exception {
    Reference reference = DriftScenarioAccess.reference();
    List<InferenceRecord> records = DriftScenarioAccess.inDistribution(1_200);
    WindowSketch whole = new WindowSketch();
    WindowSketch left = new WindowSketch();
    WindowSketch right = new WindowSketch();
    for (int i = 0; i < records.size(); i++) {
      whole.add(records.get(i), reference);
      (i % 3 == 0 ? left : right).add(records.get(i), reference);
    }
    left.addLabelled(Label.PHISHING, Label.LEGITIMATE);
    right.addLabelled(Label.PHISHING, Label.PHISHING);
    left.merge(right);

    assertThat(left.events()).isEqualTo(whole.events());
    assertThat(left.tokensSeen()).isEqualTo(whole.tokensSeen());
    assertThat(left.tokensUnknown()).isEqualTo(whole.tokensUnknown());
    assertThat(left.positives()).isEqualTo(whole.positives());
    assertThat(left.topTokens()).isEqualTo(whole.topTokens());
    assertThat(left.meanScore()).isCloseTo(whole.meanScore(), within(1e-9));
    assertThat(left.confusion()).containsExactly(1, 1, 0, 0);
    left.meanAbsAttribution().forEach((feature, mean) -> assertThat(mean).isCloseTo(whole.meanAbsAttribution().get(feature), within(1e-9)));
    assertThat(left.expectedConfusionVariance()[0]).isCloseTo(whole.expectedConfusionVariance()[0], within(1e-9));
    // the messages kept whole are the same ones, whichever partition saw them
    assertThat(left.sampledMessages()).isEqualTo(WindowSketch.SAMPLED_MESSAGES);
    assertThat(left.sampledSignals()).isDeepEqualTo(whole.sampledSignals());
    assertThat(left.drawnLabelCandidates()).isEqualTo(whole.drawnLabelCandidates()).hasSize(LabelCandidate.KEPT);
    // quantiles agree within the sketches' rank error
    for (double rank : new double[] {0.1, 0.5, 0.9}) {
      double merged = left.scores().getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
      assertThat(whole.scores().getRank(merged, QuantileSearchCriteria.INCLUSIVE)).isCloseTo(rank, within(0.03));
    }
  }

  @Test
  void labelCandidatesCarryTheirMessageIdWholeOrAreNotOffered() throws Exception {
    Reference reference = DriftScenarioAccess.reference();
    InferenceRecord uncertain = InferenceRecord.newBuilder(DriftScenarioAccess.inDistribution(1).get(0)).setScore(0.5).build();
    String longId = "<" + "x".repeat(600) + "@gateway.example>";
    String tooLong = "y".repeat(LabelCandidate.MAX_ID_LENGTH + 1);
    WindowSketch sketch = new WindowSketch();
    sketch.add(InferenceRecord.newBuilder(uncertain).setMessageId(longId).build(), reference);
    sketch.add(InferenceRecord.newBuilder(uncertain).setMessageId(tooLong).build(), reference);

    WindowSketch back = WindowSketchSerde.fromBytes(WindowSketchSerde.toBytes(sketch));
    assertThat(back.labelCandidates()).extracting(LabelCandidate::messageId).containsExactly(longId);
  }

  @Test
  void survivesItsBinaryFormAndStaysBoundedHoweverManyEvents() throws Exception {
    Reference reference = DriftScenarioAccess.reference();
    List<InferenceRecord> records = DriftScenarioAccess.inDistribution(1_500);
    WindowSketch sketch = new WindowSketch();
    records.forEach(r -> sketch.add(r, reference));
    int size1500 = WindowSketchSerde.toBytes(sketch).length;
    for (int round = 0; round < 6; round++) {
      records.forEach(r -> sketch.add(r, reference));
    }
    sketch.sealBatch();
    byte[] bytes = WindowSketchSerde.toBytes(sketch);
    WindowSketch back = WindowSketchSerde.fromBytes(bytes);
    assertThat(back.events()).isEqualTo(10_500);
    assertThat(back.topTokens()).isEqualTo(sketch.topTokens());
    assertThat(back.meanAbsAttribution()).isEqualTo(sketch.meanAbsAttribution());
    assertThat(back.batches()).hasSize(1);
    assertThat(back.sampleIds()).hasSize(5);
    assertThat(back.scores().getQuantile(0.5, QuantileSearchCriteria.INCLUSIVE)).isEqualTo(sketch.scores().getQuantile(0.5, QuantileSearchCriteria.INCLUSIVE));
    assertThat(bytes.length).as("7x the events, not 7x the bytes").isLessThan(size1500 * 2);

    assertThat(back.labelCandidates()).isEqualTo(sketch.labelCandidates()).hasSize(LabelCandidate.KEPT);
    assertThat(back.sampledSignals()).isDeepEqualTo(sketch.sampledSignals());
    assertThat(back.drawnLabelCandidates()).isEqualTo(sketch.drawnLabelCandidates());
    assertThat(back.expectedConfusionVariance()).containsExactly(sketch.expectedConfusionVariance());

    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    assertThatThrownBy(() -> WindowSketchSerde.fromBytes(truncated)).isInstanceOf(SerializationException.class);
    byte[] flipped = bytes.clone();
    flipped[bytes.length / 3] ^= 0x10;
    assertThatThrownBy(() -> WindowSketchSerde.fromBytes(flipped)).isInstanceOf(SerializationException.class).hasMessageContaining("checksum");
  }
}
