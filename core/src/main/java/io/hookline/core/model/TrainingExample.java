package io.hookline.core.model;

import io.hookline.core.features.FeatureVector;

/**
 * A featurized, labelled message: {@code phishing} 1 or 0, its style domain, how much it counts
 * in training ({@code weight}, 1 for a corpus message; more for a scarce live label that must count
 * against thousands of corpus messages), and the {@link io.hookline.core.corpus.ContentHash} of
 * its raw message ({@code content}, 0 where unknown), kept in the artifact of a model trained on it.
 */
public record TrainingExample(FeatureVector vector, int phishing, String domain, double weight, long content) {

  public TrainingExample {
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("a training example's weight must be positive and finite, was " + weight);
    }
  }

  public TrainingExample(FeatureVector vector, int phishing, String domain) {
    this(vector, phishing, domain, 1.0, 0);
  }

  public TrainingExample(FeatureVector vector, int phishing, String domain, double weight) {
    this(vector, phishing, domain, weight, 0);
  }

  public TrainingExample withWeight(double newWeight) {
    return new TrainingExample(vector, phishing, domain, newWeight, content);
  }

  public TrainingExample withContent(long hash) {
    return new TrainingExample(vector, phishing, domain, weight, hash);
  }
}
