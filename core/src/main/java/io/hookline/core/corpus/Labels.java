package io.hookline.core.corpus;

import io.hookline.avro.Label;
import java.util.Locale;
import java.util.Optional;

/** Reads the label spellings public data sets use. */
public final class Labels {
  private Labels() {}

  /**
   * {@code 1, spam, phishing, phishing email, malicious, fraud, bad} are PHISHING; {@code 0, ham,
   * legitimate, safe email, benign, good, normal} are LEGITIMATE; anything else is empty.
   */
  public static Optional<Label> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "1", "spam", "phishing", "phishing email", "phish", "malicious", "fraud", "bad", "true" -> Optional.of(Label.PHISHING);
      case "0", "ham", "legitimate", "safe email", "safe", "benign", "good", "normal", "false" -> Optional.of(Label.LEGITIMATE);
      default -> Optional.empty();
    };
  }

  /** The label a SpamAssassin-style group name implies: groups named spam-* are spam. */
  public static Label ofGroup(String group) {
    return group.toLowerCase(Locale.ROOT).startsWith("spam") ? Label.PHISHING : Label.LEGITIMATE;
  }
}
