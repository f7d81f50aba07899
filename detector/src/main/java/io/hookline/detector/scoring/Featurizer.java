package io.hookline.detector.scoring;

import io.hookline.avro.EmailMessage;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.features.FeatureVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A batch's feature vectors, the largest part of scoring it with the additive family: split in
 * equal slices between the calling thread and {@code helpers} helper threads, each message
 * featurized on its own (FeatureExtractor keeps a workspace per thread). The vectors come back in
 * the messages' order; a message featurizing fails on fails the call, as on one thread.
 */
final class Featurizer {
  /** Fewer messages than this per slice are featurized on the calling thread alone: handing them over costs more. */
  private static final int SMALLEST_SLICE = 8;

  private final FeatureExtractor extractor;
  private final Executor executor;
  private final int helpers;

  /**
   * @param executor runs the helpers' slices (at least {@code helpers} threads); unused when {@code helpers} is 0
   */
  Featurizer(FeatureExtractor extractor, Executor executor, int helpers) {
    this.extractor = extractor;
    this.executor = executor;
    this.helpers = helpers;
  }

  List<FeatureVector> featurize(List<EmailMessage> messages) {
    int n = messages.size();
    int slices = (int) Math.min(helpers + 1L, Math.max(1, n / SMALLEST_SLICE));
    FeatureVector[] vectors = new FeatureVector[n];
    List<CompletableFuture<Void>> handed = new ArrayList<>(slices - 1);
    for (int slice = 1; slice < slices; slice++) {
      int from = n * slice / slices;
      int to = n * (slice + 1) / slices;
      handed.add(CompletableFuture.runAsync(() -> featurize(messages, vectors, from, to), executor));
    }
    featurize(messages, vectors, 0, n / slices);
    try {
      CompletableFuture.allOf(handed.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw e;
    }
    return Arrays.asList(vectors);
  }

  private void featurize(List<EmailMessage> messages, FeatureVector[] vectors, int from, int to) {
    for (int i = from; i < to; i++) {
      vectors[i] = extractor.extract(messages.get(i));
    }
  }
}
