package io.hookline.core.model.encoder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sequence classifiers of this process, each loaded once. One's own classifier is the
 * directory {@code HOOKLINE_CLASSIFIER_DIR} names (or the system property
 * {@code hookline.classifier.dir}); its name is the directory's.
 */
public final class Classifiers {
  public static final String DIRECTORY_VARIABLE = "HOOKLINE_CLASSIFIER_DIR";
  public static final String DIRECTORY_PROPERTY = "hookline.classifier.dir";
  private static final Map<String, SequenceClassifier> LOADED = new LinkedHashMap<>();

  private Classifiers() {}

  /** The classifier new models of the family calibrate. */
  public static synchronized SequenceClassifier preferred() throws IOException {
    Path directory = configured();
    if (directory == null) {
      throw new IOException("the onnx-classifier family serves a classifier of one's own: set " + DIRECTORY_VARIABLE
          + " to a directory named after it holding model.onnx, tokenizer.json and config.json");
    }
    return named(directory.getFileName().toString());
  }

  /**
   * The classifier of that name, loaded on first use.
   *
   * @throws IOException when no classifier of that name is configured here
   */
  public static synchronized SequenceClassifier named(String name) throws IOException {
    SequenceClassifier loaded = LOADED.get(name);
    if (loaded != null) {
      return loaded;
    }
    Path directory = configured();
    if (directory == null || !directory.getFileName().toString().equals(name)) {
      throw new IOException("classifier '" + name + "' is not available here: " + DIRECTORY_VARIABLE + " must name a directory called " + name
          + " with model.onnx, tokenizer.json and config.json" + (directory == null ? "" : " (it names " + directory + ")"));
    }
    SequenceClassifier classifier = SequenceClassifier.fromDirectory(directory);
    LOADED.put(name, classifier);
    return classifier;
  }

  private static Path configured() {
    String value = System.getProperty(DIRECTORY_PROPERTY, System.getenv(DIRECTORY_VARIABLE));
    return value == null || value.isBlank() ? null : Path.of(value).toAbsolutePath().normalize();
  }
}
