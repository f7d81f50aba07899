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
  /**
   * Business e-mail compromise: a changed account to pay, gift cards bought for the boss, a
   * transfer asked for in a hurry. SpamAssassin's {@code ADVANCE_FEE_*} and {@code
   * FREEMAIL_FORGED_REPLYTO} catch neighbouring cases.
   */
  static final List<String> PAYMENT_CHANGE = List.of(
      "gift card", "itunes card", "google play card", "apple card", "steam card", "amazon card", "scratch the back",
      "change of bank", "changed our bank", "changed bank", "new bank details", "updated bank details", "new banking details",
      "update the bank details", "update our bank", "new account details", "payment to the new account", "bank account has changed",
      "remit payment", "remittance", "wire the", "outstanding invoice", "overdue invoice", "unpaid invoice", "routing number",
      "swift code", "iban", "are you available", "are you at your desk", "quick favor", "quick favour", "keep this confidential",
      "neue bankverbindung", "nouvelles coordonnées bancaires", "nuevos datos bancarios", "nuove coordinate bancarie",
      "novos dados bancários", "nieuwe bankgegevens", "carte cadeau", "tarjeta de regalo", "geschenkkarte", "cadeaubon");
  /**
   * Threats and deadlines about an account, in English, German, French, Spanish, Italian,
   * Portuguese and Dutch: today's lures arrive in the reader's language. Close to
   * SpamAssassin's {@code URG_BIZ}, in more languages.
   */
  static final List<String> THREAT = List.copyOf(new java.util.LinkedHashSet<>(List.of(
      "suspended", "will be closed", "will be deleted", "permanently deleted", "has been locked", "been restricted",
      "legal action", "unusual sign-in", "failure to", "within 24 hours", "within 48 hours", "expires today", "final warning",
      "last warning", "verify your identity", "avoid suspension", "deactivated", "mailbox is full", "storage is full",
      "gesperrt", "innerhalb von 24 stunden", "innerhalb von 48 stunden", "dringend", "letzte mahnung", "bestätigen sie",
      "verifizieren sie", "eingeschränkt", "deaktiviert",
      "suspendu", "bloqué", "dans les 24 heures", "dans les 48 heures", "immédiatement", "dernier avis", "vérifier votre",
      "confirmer votre", "désactivé",
      "suspendida", "suspendido", "bloqueada", "bloqueado", "dentro de 24 horas", "próximas 24 horas", "urgente",
      "inmediatamente", "verifique su", "confirme su", "último aviso", "desactivada",
      "sospeso", "sospesa", "bloccato", "bloccata", "entro 24 ore", "entro 48 ore", "immediatamente", "verifica il tuo",
      "conferma il tuo", "ultimo avviso", "disattivato",
      "suspensa", "em 24 horas", "imediatamente", "verifique sua", "confirme sua", "desativada",
      "geblokkeerd", "opgeschort", "binnen 24 uur", "binnen 48 uur", "onmiddellijk", "bevestig uw", "verifieer uw",
      "laatste herinnering", "gedeactiveerd")));

  private static final List<List<String>> ALL = List.of(URGENCY, CREDENTIALS, MONEY, PAYMENT_CHANGE, THREAT);
  private static final PhraseAutomaton MATCHER = PhraseAutomaton.of(ALL);

  private Lexicons() {}

  /**
   * Occurrences of each lexicon's phrases in a lower-case text: {urgency, credentials, money,
   * payment change, threat}. Short phrases such as "pin" count only as whole words; occurrences of
   * one phrase do not overlap (the leftmost counts). One pass over the text for all phrases.
   */
  static int[] count(String lowerText) {
    int[] counts = new int[ALL.size()];
    MATCHER.forEachOccurrence(lowerText, (lexicon, phrase, start, end) -> {
      if (wholeEnough(lowerText, phrase, start, end)) {
        counts[lexicon]++;
      }
    });
    return counts;
  }

  /** A phrase that starts or ends with a letter must not continue a word there (a long phrase may end inside one: "expire" in "expired"). */
  static boolean wholeEnough(String text, String phrase, int start, int end) {
    boolean wordStart = start == 0 || !Character.isLetterOrDigit(text.charAt(start - 1)) || !Character.isLetter(phrase.charAt(0));
    boolean wordEnd = end >= text.length() || !Character.isLetter(text.charAt(end)) || phrase.length() > 4
        || !Character.isLetter(phrase.charAt(phrase.length() - 1));
    return wordStart && wordEnd;
  }

  static String lower(String text) {
    return text == null ? "" : text.toLowerCase(Locale.ROOT);
  }
}
