package io.hookline.trainer.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsAndCurvesTest {

  @Test
  void countsAtTheThreshold() {
    Metrics m = Metrics.of(new double[] {0.9, 0.8, 0.4, 0.2, 0.6}, new int[] {1, 0, 1, 0, 1}, 0.5);

    assertThat(m).isEqualTo(new Metrics(2, 1, 1, 1));
    assertThat(m.precision()).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(m.recall()).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(m.f1()).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(m.accuracy()).isCloseTo(0.6, within(1e-12));
  }

  @Test
  void f1IsUndefinedWithoutPhishing() {
    Metrics m = Metrics.of(new double[] {0.1, 0.7}, new int[] {0, 0}, 0.5);

    assertThat(m.f1()).isNaN();
    assertThat(m.accuracy()).isEqualTo(0.5);
  }

  @Test
  void aPerfectRankingHasUnitAreas() {
    double[] scores = {0.9, 0.8, 0.3, 0.1};
    int[] labels = {1, 1, 0, 0};

    assertThat(Curves.area(Curves.roc(scores, labels))).isCloseTo(1.0, within(1e-12));
    assertThat(Curves.roc(scores, labels)).startsWith(new Curves.Point(0, 0)).endsWith(new Curves.Point(1, 1));
    assertThat(Curves.precisionRecall(scores, labels).get(1)).isEqualTo(new Curves.Point(1.0, 1.0));
  }

  @Test
  void aReversedRankingHasZeroRocArea() {
    assertThat(Curves.area(Curves.roc(new double[] {0.9, 0.1}, new int[] {0, 1}))).isCloseTo(0.0, within(1e-12));
  }

  @Test
  void tiedScoresMakeOnePoint() {
    List<Curves.Point> roc = Curves.roc(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {1, 0, 1, 0});

    assertThat(roc).containsExactly(new Curves.Point(0, 0), new Curves.Point(1, 1));
    assertThat(Curves.area(roc)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void reliabilityBinsAverageWithinTheirRange() {
    List<Curves.Bin> bins = Curves.reliability(new double[] {0.05, 0.15, 0.95, 0.92}, new int[] {0, 0, 1, 0}, 10);

    assertThat(bins).hasSize(3);
    assertThat(bins.get(2).meanPredicted()).isCloseTo(0.935, within(1e-12));
    assertThat(bins.get(2).observedRate()).isCloseTo(0.5, within(1e-12));
  }
}
