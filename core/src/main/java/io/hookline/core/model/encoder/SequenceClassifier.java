package io.hookline.core.model.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sequence classifier fine-tuned elsewhere (for example on a GPU, then exported from Hugging
 * Face with {@code optimum-cli export onnx --task text-classification}), run by ONNX Runtime on
 * the message's text: a directory named after the model with {@code model.onnx} (BERT-style
 * inputs; output {@code logits} [batch, classes], or the first output), its {@code tokenizer.json}
 * and, optionally, {@code config.json}, whose {@code id2label} says which class is phishing: the
 * first whose label names phishing, spam, fraud or malice and does not start with a negation
 * ("not_phishing", "non-spam"); without one, class 1 of two. Each text
 * gets the log-odds of that class against the others.
 */
public final class SequenceClassifier implements AutoCloseable {
  /** Word pieces read per text, as for the sentence encoder. */
  public static final int MAX_TOKENS = SentenceEncoder.MAX_TOKENS;
  private static final int BATCH = 16;
  private static final List<String> PHISHING_LABELS = List.of("phish", "spam", "fraud", "malic", "scam");
  /** Labels that name the other side even when they mention phishing: "not_phishing", "non-spam", "benign". */
  private static final List<String> NEGATED = List.of("not", "non", "no_", "no-", "no ", "legit", "benign", "safe", "ham", "clean");

  private final OnnxText model;
  private final int phishingClass;
  private final String output;

  private SequenceClassifier(OnnxText model, int phishingClass) {
    this.model = model;
    this.phishingClass = phishingClass;
    this.output = model.hasOutput("logits") ? "logits" : null;
  }

  /** The classifier in {@code directory}, named after it. */
  public static SequenceClassifier fromDirectory(Path directory) throws IOException {
    Path onnx = directory.resolve("model.onnx");
    Path tokenizer = directory.resolve("tokenizer.json");
    if (!Files.isRegularFile(onnx) || !Files.isRegularFile(tokenizer)) {
      throw new IOException("classifier directory " + directory + " must hold model.onnx and tokenizer.json");
    }
    Path config = directory.resolve("config.json");
    int phishingClass = Files.isRegularFile(config) ? phishingClass(new ObjectMapper().readTree(config.toFile()), config) : -1;
    return new SequenceClassifier(new OnnxText("classifier", directory.getFileName().toString(), Files.readAllBytes(onnx), Files.readAllBytes(tokenizer),
        MAX_TOKENS), phishingClass);
  }

  /** The class {@code id2label} names phishing by, or -1 (class 1 of two) where no label does. */
  static int phishingClass(JsonNode config, Path file) throws IOException {
    JsonNode labels = config.path("id2label");
    for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      String name = label.getValue().asText().toLowerCase(Locale.ROOT);
      if (PHISHING_LABELS.stream().anyMatch(name::contains) && NEGATED.stream().noneMatch(name::startsWith)) {
        try {
          return Integer.parseInt(label.getKey());
        } catch (NumberFormatException e) {
          throw new IOException(file + ": id2label key '" + label.getKey() + "' is not a class number", e);
        }
      }
    }
    return -1;
  }

  /**
   * This classifier on a GPU (ONNX Runtime's CUDA provider).
   *
   * @throws IOException with what to install, where ONNX Runtime cannot use the GPU
   */
  public SequenceClassifier onGpu(int device) throws IOException {
    return new SequenceClassifier(model.onCuda(device), phishingClass);
  }

  public String name() {
    return model.name();
  }

  /** SHA-256 of the ONNX file, hex. */
  public String sha256() {
    return model.sha256();
  }

  /** The log-odds of phishing for each text, in order. */
  public double[] logOdds(List<String> texts) {
    List<Double> out = model.run(texts, BATCH, output, (value, mask) -> {
      float[][] logits = (float[][]) value;
      List<Double> rows = new ArrayList<>(logits.length);
      for (float[] row : logits) {
        rows.add(logOdds(row));
      }
      return rows;
    });
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private double logOdds(float[] logits) {
    if (logits.length == 1) {
      return logits[0];
    }
    int positive = phishingClass >= 0 ? phishingClass : 1;
    if (phishingClass < 0 && logits.length != 2) {
      throw new IllegalStateException("classifier " + name() + " has " + logits.length
          + " classes and its config.json names none phishing: give id2label a label such as 'phishing'");
    }
    if (positive >= logits.length) {
      throw new IllegalStateException("classifier " + name() + " has " + logits.length + " classes; its config.json names class " + positive);
    }
    // log-sum-exp of the other classes, shifted by their largest for stability
    double largest = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < logits.length; c++) {
      largest = c == positive ? largest : Math.max(largest, logits[c]);
    }
    double sum = 0;
    for (int c = 0; c < logits.length; c++) {
      sum += c == positive ? 0 : Math.exp(logits[c] - largest);
    }
    return logits[positive] - (largest + Math.log(sum));
  }

  @Override
  public void close() {
    model.close();
  }
}
