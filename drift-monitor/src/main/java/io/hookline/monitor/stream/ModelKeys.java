package io.hookline.monitor.stream;

import io.hookline.avro.ModelRef;

/** Keys of the monitor's internal topics and stores: a model version, and one window of it. */
final class ModelKeys {
  private static final char SEPARATOR = '\u001f';

  private ModelKeys() {}

  static String model(ModelRef model) {
    return model.getName() + SEPARATOR + model.getVersion();
  }

  static ModelRef parse(String modelKey) {
    int split = modelKey.indexOf(SEPARATOR);
    return new ModelRef(modelKey.substring(0, split), modelKey.substring(split + 1));
  }

  /** A window of a model; fixed-width start so that a model's windows sort by time in a range scan. */
  static String window(String modelKey, long start) {
    return modelKey + SEPARATOR + String.format("%020d", start);
  }

  static long windowStart(String windowKey) {
    return Long.parseLong(windowKey.substring(windowKey.lastIndexOf(SEPARATOR) + 1));
  }

  static String modelOf(String windowKey) {
    return windowKey.substring(0, windowKey.lastIndexOf(SEPARATOR));
  }

  /** Just past every window key of a model, for range scans. */
  static String windowsEnd(String modelKey) {
    return modelKey + (char) (SEPARATOR + 1);
  }
}
