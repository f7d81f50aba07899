package io.hookline.core.model;

import io.hookline.core.features.FeatureVector;

/** A featurized, labelled message: {@code phishing} 1 or 0, and its style domain. */
public record TrainingExample(FeatureVector vector, int phishing, String domain) {}
