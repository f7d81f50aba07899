package io.hookline.core.model;

import io.hookline.core.features.FeatureFamily;

/**
 * One feature's share of a verdict: its exact SHAP value in logit space (positive pushes towards
 * phishing), and the reason in words.
 */
public record Attribution(String feature, FeatureFamily family, double value, String text) {}
