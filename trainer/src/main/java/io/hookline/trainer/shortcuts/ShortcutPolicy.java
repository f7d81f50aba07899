package io.hookline.trainer.shortcuts;

import java.util.Locale;

/** What training does about token fields that identify a corpus rather than phishing ({@code train.shortcuts}). */
public enum ShortcutPolicy {
  /** Diagnose and report only. */
  REPORT,
  /** Shrink their tokens' values, so their weights pay more regularization. */
  PENALIZE,
  /** Leave their tokens out. */
  DROP;

  public static ShortcutPolicy parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("shortcut policy must be report, penalize or drop, was '" + value + "'");
    }
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
