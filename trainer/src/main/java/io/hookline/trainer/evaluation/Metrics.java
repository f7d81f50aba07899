package io.hookline.trainer.evaluation;

/**
 * Confusion counts at the model's threshold, and what follows from them. F1, precision and
 * recall are of the PHISHING class; they are NaN where undefined (no phishing in the set).
 */
public record Metrics(int truePositives, int falsePositives, int falseNegatives, int trueNegatives) {

  public static Metrics of(double[] probabilities, int[] labels, double threshold) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int tn = 0;
    for (int i = 0; i < labels.length; i++) {
      boolean predicted = probabilities[i] >= threshold;
      if (predicted && labels[i] == 1) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (labels[i] == 1) {
        fn++;
      } else {
        tn++;
      }
    }
    return new Metrics(tp, fp, fn, tn);
  }

  public int count() {
    return truePositives + falsePositives + falseNegatives + trueNegatives;
  }

  public double accuracy() {
    return count() == 0 ? Double.NaN : (double) (truePositives + trueNegatives) / count();
  }

  public double precision() {
    return truePositives + falsePositives == 0 ? Double.NaN : (double) truePositives / (truePositives + falsePositives);
  }

  public double recall() {
    return truePositives + falseNegatives == 0 ? Double.NaN : (double) truePositives / (truePositives + falseNegatives);
  }

  public double f1() {
    int denominator = 2 * truePositives + falsePositives + falseNegatives;
    return truePositives + falseNegatives == 0 || denominator == 0 ? Double.NaN : 2.0 * truePositives / denominator;
  }
}
