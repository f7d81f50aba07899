package io.hookline.core.model;

import io.hookline.core.features.EngineeredFeature;

/** An engineered signal's reason, in words an operator reads without a glossary. */
final class ReasonText {
  private ReasonText() {}

  static String of(EngineeredFeature feature, double value, String evidence) {
    if (value <= 0) {
      return "no " + feature.description();
    }
    if (evidence == null) {
      return feature.description();
    }
    return switch (feature) {
      case URL_TEXT_TARGET_MISMATCH -> {
        int arrow = evidence.indexOf(" -> ");
        yield arrow < 0 ? feature.description()
            : "link text shows " + evidence.substring(0, arrow) + " but points to " + evidence.substring(arrow + 4);
      }
      case HEADER_REPLY_TO_MISMATCH, HEADER_RETURN_PATH_MISMATCH, HEADER_DISPLAY_NAME_SPOOF -> {
        int arrow = evidence.indexOf(" -> ");
        yield arrow < 0 ? feature.description() : feature.description() + " (" + evidence.substring(0, arrow) + " vs " + evidence.substring(arrow + 4) + ")";
      }
      default -> feature.description() + " (" + evidence + ")";
    };
  }
}
