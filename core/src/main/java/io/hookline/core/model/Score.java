package io.hookline.core.model;

/** A model's output for one message: the raw logit and the calibrated probability of phishing. */
public record Score(double logit, double probability) {}
