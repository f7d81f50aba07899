package io.hookline.core.model.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pretrained transformer sentence encoder run by ONNX Runtime: texts in, one L2-normalized
 * vector each out (the mean of the last hidden states over the real word pieces). Texts are
 * tokenized by the encoder's own Hugging Face {@code tokenizer.json}, cut at {@link #MAX_TOKENS}
 * word pieces and run in batches padded to their longest member. The default is the int8
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

  private final String name;
  private final String sha256;
  private final HuggingFaceTokenizer tokenizer;
  private final OrtSession session;
  private final boolean typeIds;
  private final int dimensions;

  private SentenceEncoder(String name, byte[] onnx, InputStream tokenizerJson) throws IOException {
    this.name = name;
    this.sha256 = sha256(onnx);
    this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson,
        Map.of("maxLength", String.valueOf(MAX_TOKENS), "truncation", "true", "padding", "false", "addSpecialTokens", "true"));
    try {
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
      this.session = OrtEnvironment.getEnvironment().createSession(onnx, options);
      this.typeIds = session.getInputNames().contains("token_type_ids");
      if (!session.getInputNames().contains("input_ids") || !session.getInputNames().contains("attention_mask")) {
        throw new IOException("encoder " + name + " takes " + session.getInputNames() + ", not input_ids and attention_mask");
      }
    } catch (OrtException e) {
      throw new IOException("ONNX Runtime cannot load encoder " + name + ": " + e.getMessage(), e);
    }
    this.dimensions = embed(List.of("hello")).get(0).length;
  }

  /** The encoder shipped with Hookline, read from the class path. */
  public static SentenceEncoder bundled() throws IOException {
    return new SentenceEncoder(BUNDLED, classpath(BUNDLED + ".onnx"), new ByteArrayInputStream(classpath(BUNDLED + "-tokenizer.json")));
  }

  /** An encoder of one's own: its ONNX file and its {@code tokenizer.json}. */
  public static SentenceEncoder fromFiles(String name, Path onnx, Path tokenizerJson) throws IOException {
    try (InputStream tokenizer = Files.newInputStream(tokenizerJson)) {
      return new SentenceEncoder(name, Files.readAllBytes(onnx), tokenizer);
    }
  }

  public String name() {
    return name;
  }

  /** SHA-256 of the ONNX file, hex. */
  public String sha256() {
    return sha256;
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
    List<float[]> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += batch) {
      out.addAll(batch(texts.subList(from, Math.min(texts.size(), from + batch))));
    }
    return out;
  }

  private List<float[]> batch(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    int length = 1;
    for (Encoding encoding : encodings) {
      length = Math.max(length, encoding.getIds().length);
    }
    long[][] ids = new long[encodings.length][length];
    long[][] mask = new long[encodings.length][length];
    long[][] types = new long[encodings.length][length];
    for (int i = 0; i < encodings.length; i++) {
      long[] tokenIds = encodings[i].getIds();
      System.arraycopy(tokenIds, 0, ids[i], 0, tokenIds.length);
      java.util.Arrays.fill(mask[i], 0, tokenIds.length, 1L);
    }
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(environment, ids));
      inputs.put("attention_mask", OnnxTensor.createTensor(environment, mask));
      if (typeIds) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(environment, types));
      }
      try (OrtSession.Result result = session.run(inputs)) {
        float[][][] hidden = (float[][][]) result.get(0).getValue();
        List<float[]> pooled = new ArrayList<>(encodings.length);
        for (int i = 0; i < encodings.length; i++) {
          pooled.add(meanPooled(hidden[i], mask[i]));
        }
        return pooled;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("encoder " + name + " failed on a batch of " + texts.size() + ": " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
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

  private static byte[] classpath(String file) throws IOException {
    try (InputStream in = SentenceEncoder.class.getResourceAsStream("/" + file)) {
      if (in == null) {
        throw new IOException(file + " is missing from the class path: the build bundles it with langchain4j-embeddings-" + BUNDLED);
      }
      return in.readAllBytes();
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new UncheckedIOException(new IOException("cannot close encoder " + name, e));
    }
    tokenizer.close();
  }
}
