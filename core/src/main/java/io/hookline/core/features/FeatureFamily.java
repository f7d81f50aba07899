package io.hookline.core.features;

/**
 * What kind of evidence a feature is. The drift monitor reasons about families: a model that
 * suddenly draws most of its attribution from one family is leaning on a shortcut.
 */
public enum FeatureFamily {
  /** Words of the subject and body. */
  TOKEN,
  /** Links: where they point and how they are dressed up. */
  URL,
  /** Sender, routing and other header fields. */
  HEADER,
  /** Form: HTML, length, capitals, punctuation. */
  STYLE,
  /** Urgency, credential and money vocabulary. */
  LEXICON,
  /** SPF, DKIM and DMARC results. */
  AUTH,
  /** Attached files. */
  ATTACHMENT;

  /** The lower-case name used in records and reports. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
