package io.hookline.core.features;

import java.util.List;
import java.util.Locale;

/**
 * Phrases phishing leans on, counted in subject and text. Kept short and general: the token model
 * learns a corpus's own vocabulary; these carry the intent across styles and eras.
 */
final class Lexicons {
  static final List<String> URGENCY = List.of(
      "urgent", "immediately", "within 24 hours", "within 48 hours", "as soon as possible", "act now", "final notice",
      "last chance", "expire", "suspended", "will be closed", "limited time", "right away", "deadline", "important notice",
      "action required", "respond now", "don't delay", "today only");
  static final List<String> CREDENTIALS = List.of(
      "password", "verify your", "confirm your", "login", "log in", "sign in", "account information", "update your account",
      "social security", "credit card", "card number", "pin", "username", "security question", "billing information",
      "unusual activity", "unauthorized", "validate");
  static final List<String> MONEY = List.of(
      "$", "free", "cash", "money", "wire transfer", "bank", "winner", "prize", "lottery", "million", "investment", "loan",
      "mortgage", "refund", "invoice", "payment", "discount", "% off", "earn", "profit", "bitcoin");

  private Lexicons() {}

  /**
   * Occurrences of each lexicon's phrases in a lower-case text: {urgency, credentials, money}.
   * Short phrases such as "pin" count only as whole words. One {@code indexOf} scan per phrase is
   * faster here than a single hand-written pass: the JIT vectorizes it.
   */
  static int[] count(String lowerText) {
    return new int[] {count(lowerText, URGENCY), count(lowerText, CREDENTIALS), count(lowerText, MONEY)};
  }

  private static int count(String lowerText, List<String> phrases) {
    int count = 0;
    for (String phrase : phrases) {
      int from = 0;
      while ((from = lowerText.indexOf(phrase, from)) >= 0) {
        boolean wordStart = from == 0 || !Character.isLetterOrDigit(lowerText.charAt(from - 1)) || !Character.isLetter(phrase.charAt(0));
        int end = from + phrase.length();
        boolean wordEnd = end >= lowerText.length() || !Character.isLetter(lowerText.charAt(end)) || phrase.length() > 4
            || !Character.isLetter(phrase.charAt(phrase.length() - 1));
        if (wordStart && wordEnd) {
          count++;
        }
        from = end;
      }
    }
    return count;
  }

  static String lower(String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT);
  }
}
