package io.hookline.core.model;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A message's text embedding as the inference record carries it and the monitor compares it: a
 * fixed random projection to {@link #DIMENSIONS} dimensions (Gaussian entries scaled by
 * 1/sqrt(DIMENSIONS), from a fixed seed, so every process projects alike), which keeps distances
 * between embeddings and their means to within a few tens of percent (Johnson–Lindenstrauss) at a
 * twentieth of the bytes of a 384-dimensional vector.
 */
public final class EmbeddingProjection {
  public static final int DIMENSIONS = 16;
  private static final long SEED = 20_260_601L;
  private static final Map<Integer, float[][]> MATRICES = new ConcurrentHashMap<>();

  private EmbeddingProjection() {}

  public static float[] project(float[] embedding) {
    float[][] matrix = MATRICES.computeIfAbsent(embedding.length, EmbeddingProjection::matrix);
    float[] projected = new float[DIMENSIONS];
    for (int k = 0; k < DIMENSIONS; k++) {
      double sum = 0;
      for (int d = 0; d < embedding.length; d++) {
        sum += matrix[k][d] * embedding[d];
      }
      projected[k] = (float) sum;
    }
    return projected;
  }

  private static float[][] matrix(int inputs) {
    Random random = new Random(SEED + inputs);
    float[][] matrix = new float[DIMENSIONS][inputs];
    double scale = 1 / Math.sqrt(DIMENSIONS);
    for (float[] row : matrix) {
      for (int d = 0; d < inputs; d++) {
        row[d] = (float) (random.nextGaussian() * scale);
      }
    }
    return matrix;
  }
}
