package io.hookline.monitor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hookline.avro.DriftReport;
import io.hookline.avro.EmbeddingShift;
import io.hookline.avro.InferenceRecord;
import io.hookline.avro.Window;
import io.hookline.avro.WindowKind;
import io.hookline.core.model.EmbeddingProjection;
import io.hookline.core.profile.Reference;
import io.hookline.core.profile.ReferenceProfile;
import io.hookline.monitor.DriftScenarioAccess;
import io.hookline.monitor.alerting.FailureHeuristics;
import io.hookline.monitor.alerting.Finding;
import io.hookline.monitor.alerting.Thresholds;
import io.hookline.monitor.window.WindowSketch;
import io.hookline.monitor.window.WindowSketchSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Embedding drift on the monitor's own records: text embeddings drawn around the reference's mean
 * stay within sampling noise and raise no signal; the same texts read as moved by a twentieth of
 * the spread in every direction do, through the report and the heuristics as the monitor runs them.
 */
class EmbeddingShiftTest {
  private static final double SD = 0.1;

  @Test
  void aWindowOfFamiliarEmbeddingsStaysWithinNoiseAndAMovedOneSignals() throws Exception {
    Reference base = DriftScenarioAccess.reference();
    double[] centre = new double[EmbeddingProjection.DIMENSIONS];
    Random random = new Random(11);
    for (int k = 0; k < centre.length; k++) {
      centre[k] = random.nextGaussian();
    }
    Reference reference = withEmbedding(base, new ReferenceProfile.EmbeddingProfile(centre, centre.length * SD * SD, 1_000));
    List<InferenceRecord> records = DriftScenarioAccess.inDistribution(200);

    WindowSketch familiar = sketch(records, reference, centre, 0, random);
    WindowSketch moved = sketch(records, reference, centre, 0.05, random);
    EmbeddingShift still = ReportBuilder.embedding(reference.profile(), familiar);
    EmbeddingShift shifted = ReportBuilder.embedding(reference.profile(), moved);
    assertThat(still.getEmbedded()).isEqualTo(200);
    assertThat(still.getNoise()).isCloseTo(Math.sqrt(0.16 / 200 + 0.16 / 1_000), within(1e-9));
    assertThat(still.getDistance() / still.getNoise()).as("familiar texts: about one noise away").isLessThan(2);
    assertThat(shifted.getDistance()).as("0.05 in each of 16 directions").isCloseTo(0.2, within(0.06));

    FailureHeuristics heuristics = new FailureHeuristics(Thresholds.defaults());
    assertThat(heuristics.evaluate(report(reference, familiar))).extracting(Finding::heuristic).doesNotContain("embedding_shift");
    assertThat(heuristics.evaluate(report(reference, moved))).extracting(Finding::heuristic).contains("embedding_shift");
    assertThat(ReportBuilder.embedding(base.profile(), moved)).as("a reference without embeddings").isNull();
  }

  @Test
  void embeddingSumsMergeAcrossPartitionsAndSurviveTheStateStore() throws Exception {
    Reference reference = DriftScenarioAccess.reference();
    double[] centre = new double[EmbeddingProjection.DIMENSIONS];
    Random random = new Random(5);
    List<InferenceRecord> records = DriftScenarioAccess.inDistribution(90);
    WindowSketch whole = sketch(records, reference, centre, 0.3, new Random(5));
    WindowSketch left = sketch(records.subList(0, 40), reference, centre, 0.3, random);
    left.merge(sketch(records.subList(40, 90), reference, centre, 0.3, random));
    WindowSketch restored = WindowSketchSerde.fromBytes(WindowSketchSerde.toBytes(left));
    assertThat(restored.embedded()).isEqualTo(90);
    for (int k = 0; k < centre.length; k++) {
      assertThat(restored.meanEmbedding()[k]).isCloseTo(whole.meanEmbedding()[k], within(1e-6));
    }
    assertThat(new WindowSketch().meanEmbedding()).as("no embedded message").isNull();
  }

  private static WindowSketch sketch(List<InferenceRecord> records, Reference reference, double[] centre, double offset, Random random) {
    WindowSketch sketch = new WindowSketch();
    for (InferenceRecord record : records) {
      List<Float> embedding = new ArrayList<>();
      for (double c : centre) {
        embedding.add((float) (c + offset + SD * random.nextGaussian()));
      }
      sketch.add(InferenceRecord.newBuilder(record).setEmbedding(embedding).build(), reference);
    }
    return sketch;
  }

  private static DriftReport report(Reference reference, WindowSketch sketch) {
    Window window = new Window(Instant.EPOCH, Instant.EPOCH.plusSeconds(60), WindowKind.COUNT, sketch.events());
    return ReportBuilder.build(DriftScenarioAccess.model(), window, sketch, reference, List.of(), true, Instant.EPOCH);
  }

  private static Reference withEmbedding(Reference reference, ReferenceProfile.EmbeddingProfile embedding) {
    ReferenceProfile p = reference.profile();
    return new Reference(new ReferenceProfile(p.featureSpec(), p.examples(), p.signals(), p.topTokens(), p.vocabularySize(), p.referenceOovRate(),
        p.scoreHistogram(), p.positiveRate(), p.meanAbsAttribution(), p.familyShares(), p.attributionQuantiles(), p.scoredExamples(), p.sample(),
        embedding), reference.vocabulary());
  }
}
