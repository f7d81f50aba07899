package io.hookline.trainer.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** ROC and precision-recall curves, their areas, and a reliability table for calibration. */
public final class Curves {
  /** A point of a curve. */
  public record Point(double x, double y) {}

  /** One calibration bin: mean predicted probability against the observed phishing rate. */
  public record Bin(double meanPredicted, double observedRate, int count) {}

  private Curves() {}

  /** ROC points (false positive rate, true positive rate), one per distinct score, from (0,0) to (1,1). */
  public static List<Point> roc(double[] scores, int[] labels) {
    Integer[] order = byDescendingScore(scores);
    int positives = Arrays.stream(labels).sum();
    int negatives = labels.length - positives;
    List<Point> points = new ArrayList<>();
    points.add(new Point(0, 0));
    int tp = 0;
    int fp = 0;
    for (int rank = 0; rank < order.length; rank++) {
      int i = order[rank];
      if (labels[i] == 1) {
        tp++;
      } else {
        fp++;
      }
      boolean lastOfScore = rank == order.length - 1 || scores[order[rank + 1]] != scores[i];
      if (lastOfScore) {
        points.add(new Point(negatives == 0 ? 0 : (double) fp / negatives, positives == 0 ? 0 : (double) tp / positives));
      }
    }
    return points;
  }

  /** Precision-recall points (recall, precision), one per distinct score. */
  public static List<Point> precisionRecall(double[] scores, int[] labels) {
    Integer[] order = byDescendingScore(scores);
    int positives = Arrays.stream(labels).sum();
    List<Point> points = new ArrayList<>();
    int tp = 0;
    int seen = 0;
    for (int rank = 0; rank < order.length; rank++) {
      int i = order[rank];
      seen++;
      tp += labels[i];
      boolean lastOfScore = rank == order.length - 1 || scores[order[rank + 1]] != scores[i];
      if (lastOfScore && positives > 0) {
        points.add(new Point((double) tp / positives, (double) tp / seen));
      }
    }
    return points;
  }

  /** Area under a curve by the trapezoid rule, points in increasing x. */
  public static double area(List<Point> points) {
    double area = 0;
    for (int i = 1; i < points.size(); i++) {
      area += (points.get(i).x() - points.get(i - 1).x()) * (points.get(i).y() + points.get(i - 1).y()) / 2;
    }
    return area;
  }

  public static List<Bin> reliability(double[] probabilities, int[] labels, int bins) {
    double[] sumPredicted = new double[bins];
    int[] positives = new int[bins];
    int[] counts = new int[bins];
    for (int i = 0; i < probabilities.length; i++) {
      int bin = Math.min(bins - 1, (int) (probabilities[i] * bins));
      sumPredicted[bin] += probabilities[i];
      positives[bin] += labels[i];
      counts[bin]++;
    }
    List<Bin> table = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      if (counts[b] > 0) {
        table.add(new Bin(sumPredicted[b] / counts[b], (double) positives[b] / counts[b], counts[b]));
      }
    }
    return table;
  }

  private static Integer[] byDescendingScore(double[] scores) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
    return order;
  }
}
