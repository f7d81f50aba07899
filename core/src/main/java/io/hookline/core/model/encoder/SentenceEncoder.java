package io.hookline.core.model.encoder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pretrained transformer sentence encoder run by ONNX Runtime ({@link OnnxText}): texts in,
 * one L2-normalized vector each out (the mean of the last hidden states over the real word
 * pieces), texts cut at {@link #MAX_TOKENS} word pieces. The default is the int8
 * all-MiniLM-L6-v2 shipped inside a Maven Central jar; any BERT-style encoder with inputs
 * {@code input_ids}, {@code attention_mask} (and optionally {@code token_type_ids}) and output
 * {@code last_hidden_state} loads from its two files. An encoder is known by its name and the
 * SHA-256 of its ONNX file, which a model's artifact records and checks at load.
 *
 * <p>Thread-safe: ONNX Runtime sessions may run concurrently.
 */
public final class SentenceEncoder implements AutoCloseable {
  /** The encoder shipped with Hookline. */
  public static final String BUNDLED = "all-minilm-l6-v2-q";
  /** Word pieces read per text: the subject and the first paragraphs, where a lure states its ask. */
  public static final int MAX_TOKENS = 256;
  private static final int BATCH = 16;

  private final OnnxText model;
  private final int dimensions;

  private SentenceEncoder(String name, byte[] onnx, byte[] tokenizerJson) throws IOException {
    this(new OnnxText("encoder", name, onnx, tokenizerJson, MAX_TOKENS));
  }

  private SentenceEncoder(OnnxText model) {
    this.model = model;
    this.dimensions = embed(List.of("hello")).get(0).length;
  }

  /**
   * This encoder on a GPU (ONNX Runtime's CUDA provider); its name and SHA-256, so its
   * embeddings and every artifact that names it, stay the same.
   *
   * @throws IOException with what to install, where ONNX Runtime cannot use the GPU
   */
  public SentenceEncoder onGpu(int device) throws IOException {
    return new SentenceEncoder(model.onCuda(device));
  }

  /** The encoder shipped with Hookline, read from the class path. */
  public static SentenceEncoder bundled() throws IOException {
    return new SentenceEncoder(BUNDLED, classpath(BUNDLED + ".onnx"), classpath(BUNDLED + "-tokenizer.json"));
  }

  /** An encoder of one's own: its ONNX file and its {@code tokenizer.json}. */
  public static SentenceEncoder fromFiles(String name, Path onnx, Path tokenizerJson) throws IOException {
    return new SentenceEncoder(name, Files.readAllBytes(onnx), Files.readAllBytes(tokenizerJson));
  }

  public String name() {
    return model.name();
  }

  /** SHA-256 of the ONNX file, hex. */
  public String sha256() {
    return model.sha256();
  }

  public int dimensions() {
    return dimensions;
  }

  /** One unit vector per text, in order, in batches of {@value #BATCH}. */
  public List<float[]> embed(List<String> texts) {
    return embed(texts, BATCH);
  }

  /** One unit vector per text, in order, run {@code batch} texts at a time. */
  public List<float[]> embed(List<String> texts, int batch) {
    return model.run(texts, batch, null, (output, mask) -> {
      float[][][] hidden = (float[][][]) output;
      List<float[]> pooled = new ArrayList<>(hidden.length);
      for (int i = 0; i < hidden.length; i++) {
        pooled.add(meanPooled(hidden[i], mask[i]));
      }
      return pooled;
    });
  }

  private static float[] meanPooled(float[][] hidden, long[] mask) {
    float[] sum = new float[hidden[0].length];
    int count = 0;
    for (int t = 0; t < hidden.length; t++) {
      if (mask[t] == 1) {
        for (int d = 0; d < sum.length; d++) {
          sum[d] += hidden[t][d];
        }
        count++;
      }
    }
    double norm = 0;
    for (int d = 0; d < sum.length; d++) {
      sum[d] /= Math.max(1, count);
      norm += sum[d] * sum[d];
    }
    norm = Math.sqrt(norm);
    for (int d = 0; d < sum.length && norm > 0; d++) {
      sum[d] /= (float) norm;
    }
    return sum;
  }

  /** A file the bundled models' jar puts on the class path. */
  static byte[] classpath(String file) throws IOException {
    try (InputStream in = SentenceEncoder.class.getResourceAsStream("/" + file)) {
      if (in == null) {
        throw new IOException(file + " is missing from the class path: the build bundles it with langchain4j-embeddings-" + BUNDLED);
      }
      return in.readAllBytes();
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
