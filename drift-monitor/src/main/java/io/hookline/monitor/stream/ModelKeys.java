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

  /** A window of a model; the start is fixed-width so a model's windows sort by time. */
  static String window(String modelKey, long start) {
    return modelKey + SEPARATOR + String.format("%020d", start);
  }

  static long windowStart(String windowKey) {
    return Long.parseLong(windowKey.substring(windowKey.lastIndexOf(SEPARATOR) + 1));
  }

  static String modelOf(String windowKey) {
    return windowKey.substring(0, windowKey.lastIndexOf(SEPARATOR));
  }
}
