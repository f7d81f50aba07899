/**
 * The drift monitor: a Kafka Streams application over {@code mail.inference-log} that compares
 * live windows with the model's reference profile and raises {@code DriftAlert}s and {@code
 * RetrainRequest}s. Not built yet; the module exists so the build has its final shape.
 */
package io.hookline.monitor;
