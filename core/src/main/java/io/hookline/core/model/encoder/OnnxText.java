package io.hookline.core.model.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A transformer over text run by ONNX Runtime, whatever it puts out: texts are tokenized by the
 * model's own Hugging Face {@code tokenizer.json}, cut at a number of word pieces, and run in
 * batches padded to their longest member; what the model puts out for a batch is handed, with the
 * attention masks, to a reader that turns it into one result per text. It takes the BERT-style
 * inputs {@code input_ids}, {@code attention_mask} and, where the graph has it,
 * {@code token_type_ids}. Known by a name and the SHA-256 of its ONNX file.
 *
 * <p>Thread-safe: ONNX Runtime sessions may run concurrently.
 */
final class OnnxText implements AutoCloseable {
  /** Turns one batch's output (the graph's output named, or its first) into a result per text. */
  interface Reader<T> {
    List<T> read(Object output, long[][] attentionMask);
  }

  private final String what;
  private final String name;
  private final byte[] onnx;
  private final byte[] tokenizerJson;
  private final int maxTokens;
  private final String sha256;
  private final HuggingFaceTokenizer tokenizer;
  private final OrtSession session;
  private final boolean typeIds;

  /**
   * @param what what the model is, for messages ("encoder", "classifier")
   */
  OnnxText(String what, String name, byte[] onnx, byte[] tokenizerJson, int maxTokens) throws IOException {
    this(what, name, onnx, tokenizerJson, maxTokens, -1);
  }

  /** @param cudaDevice the GPU to run on through ONNX Runtime's CUDA provider, or -1 for the CPU */
  private OnnxText(String what, String name, byte[] onnx, byte[] tokenizerJson, int maxTokens, int cudaDevice) throws IOException {
    this.what = what;
    this.name = name;
    this.onnx = onnx;
    this.tokenizerJson = tokenizerJson;
    this.maxTokens = maxTokens;
    this.sha256 = sha256(onnx);
    this.tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson),
        Map.of("maxLength", String.valueOf(maxTokens), "truncation", "true", "padding", "false", "addSpecialTokens", "true"));
    try {
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
      if (cudaDevice >= 0) {
        addCuda(options, cudaDevice);
      }
      this.session = OrtEnvironment.getEnvironment().createSession(onnx, options);
      this.typeIds = session.getInputNames().contains("token_type_ids");
      if (!session.getInputNames().contains("input_ids") || !session.getInputNames().contains("attention_mask")) {
        throw new IOException(what + " " + name + " takes " + session.getInputNames() + ", not input_ids and attention_mask");
      }
    } catch (OrtException e) {
      tokenizer.close();
      throw new IOException("ONNX Runtime cannot load " + what + " " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The same model on a GPU, through ONNX Runtime's CUDA execution provider.
   *
   * @throws IOException when this ONNX Runtime has no CUDA provider, or CUDA cannot start
   */
  OnnxText onCuda(int device) throws IOException {
    return new OnnxText(what, name, onnx, tokenizerJson, maxTokens, device);
  }

  private void addCuda(OrtSession.SessionOptions options, int device) throws IOException {
    try {
      options.addCUDA(device);
    } catch (OrtException | RuntimeException | LinkageError e) {
      tokenizer.close();
      throw new IOException(what + " " + name + " cannot run on GPU " + device + ": " + e.getMessage()
          + ". ONNX Runtime runs on a GPU only from its GPU build: build Hookline with -Pgpu (com.microsoft.onnxruntime:onnxruntime_gpu"
          + " in place of onnxruntime), with CUDA 12 and cuDNN 9 on the library path (LD_LIBRARY_PATH)", e);
    }
  }

  String name() {
    return name;
  }

  /** SHA-256 of the ONNX file, hex. */
  String sha256() {
    return sha256;
  }

  /** Whether the graph puts out {@code output}. */
  boolean hasOutput(String output) {
    return session.getOutputNames().contains(output);
  }

  /** The results for the texts, in order, {@code batch} texts at a time, from {@code output} (null: the first). */
  <T> List<T> run(List<String> texts, int batch, String output, Reader<T> reader) {
    List<T> out = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += batch) {
      out.addAll(batch(texts.subList(from, Math.min(texts.size(), from + batch)), output, reader));
    }
    return out;
  }

  private <T> List<T> batch(List<String> texts, String output, Reader<T> reader) {
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
      Arrays.fill(mask[i], 0, tokenIds.length, 1L);
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
        Object value = (output == null ? result.get(0) : result.get(output).orElseThrow()).getValue();
        return reader.read(value, mask);
      }
    } catch (OrtException e) {
      throw new IllegalStateException(name + " failed on a batch of " + texts.size() + ": " + e.getMessage(), e);
    } finally {
      inputs.values().forEach(OnnxTensor::close);
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
      throw new UncheckedIOException(new IOException("cannot close " + name, e));
    } finally {
      tokenizer.close();
    }
  }
}
