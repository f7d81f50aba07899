package io.hookline.core.model;

import io.hookline.core.features.FeatureVector;

/**
 * A featurized, labelled message: {@code phishing} 1 or 0, its style domain, and how much it
 * counts in training ({@code weight}, 1 for a corpus message; more for a scarce live label that
 * must count against thousands of corpus messages).
 */
public record TrainingExample(FeatureVector vector, int phishing, String domain, double weight) {

  public TrainingExample {
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("a training example's weight must be positive and finite, was " + weight);
    }
  }

  public TrainingExample(FeatureVector vector, int phishing, String domain) {
    this(vector, phishing, domain, 1.0);
  }

  public TrainingExample withWeight(double newWeight) {
    return new TrainingExample(vector, phishing, domain, newWeight);
  }
}
