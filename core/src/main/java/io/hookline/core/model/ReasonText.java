package io.hookline.core.model;

import io.hookline.core.features.EngineeredFeature;

/** An engineered signal's reason, in words an operator reads without a glossary. */
public final class ReasonText {
  private ReasonText() {}

  public static String of(EngineeredFeature feature, double value, String evidence) {
    if (value <= 0) {
      return absent(feature);
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

  /** What the message lacks, said as plainly as what it has: "without a script in the HTML", "with a Message-ID", "SPF did not fail". */
  static String absent(EngineeredFeature feature) {
    String description = feature.description();
    if (feature == EngineeredFeature.STYLE_BODY_LENGTH) {
      return "an empty text";
    }
    if (description.startsWith("no ")) {
      return "with a " + description.substring(3);
    }
    if (description.endsWith(" failed")) {
      return description.substring(0, description.length() - " failed".length()) + " did not fail";
    }
    if (description.endsWith(" go to another domain than the sender's")) {
      return description.replace(" go to another domain than the sender's", " go to the sender's domain");
    }
    return "without " + description;
  }
}
