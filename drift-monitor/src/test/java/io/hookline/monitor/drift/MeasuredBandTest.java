package io.hookline.monitor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.Performance;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MeasuredBandTest {

  @Test
  void theBandNarrowsWithMoreLabelsAndHoldsTheTrueF1AboutNineTimesInTen() {
    Performance few = ReportBuilder.withBand(ReportBuilder.performance(12, 3, 3, 30), 12, 3, 3, 30);
    Performance many = ReportBuilder.withBand(ReportBuilder.performance(120, 30, 30, 300), 120, 30, 30, 300);
    assertThat(few.getF1()).isEqualTo(0.8);
    assertThat(few.getF1High()).as("30 labels leave F1 0.8 uncertain by more than 0.1").isGreaterThan(0.9);
    assertThat(many.getF1High() - many.getF1Low()).isLessThan((few.getF1High() - few.getF1Low()) / 2);

    // labels drawn from mail where 40% is phishing, 10% false alarms, 10% misses (true F1 0.8)
    Random random = new Random(17);
    int covered = 0;
    int runs = 2_000;
    for (int run = 0; run < runs; run++) {
      int tp = 0;
      int fp = 0;
      int fn = 0;
      for (int i = 0; i < 80; i++) {
        double u = random.nextDouble();
        tp += u < 0.4 ? 1 : 0;
        fp += u >= 0.4 && u < 0.5 ? 1 : 0;
        fn += u >= 0.5 && u < 0.6 ? 1 : 0;
      }
      Performance p = ReportBuilder.withBand(ReportBuilder.performance(tp, fp, fn, 80), tp, fp, fn, 80);
      covered += p.getF1Low() <= 0.8 && 0.8 <= p.getF1High() ? 1 : 0;
    }
    assertThat(covered / (double) runs).as("coverage of the 90% band").isBetween(0.85, 0.95);
  }

  @Test
  void anUndefinedF1HasNoBand() {
    Performance none = ReportBuilder.withBand(ReportBuilder.performance(0, 0, 0, 40), 0, 0, 0, 40);
    assertThat(none.getF1()).isNaN();
    assertThat(none.getF1High()).isNull();
  }
}
