package io.hookline.core.features;

/**
 * The hand-built phishing signals, each with a stable name (used in records, weights and reports,
 * never renamed within a feature-spec version) and its family. Counts enter as log(1 + n), flags
 * as 0 or 1.
 */
public enum EngineeredFeature {
  URL_COUNT("url.count", FeatureFamily.URL, "links in the message"),
  URL_DISTINCT_DOMAINS("url.distinct_domains", FeatureFamily.URL, "distinct link domains"),
  URL_IP_LITERAL("url.ip_literal_host", FeatureFamily.URL, "a link to a bare IP address"),
  URL_PUNYCODE("url.punycode_host", FeatureFamily.URL, "a link to a punycode (look-alike) host"),
  URL_TEXT_TARGET_MISMATCH("url.text_target_mismatch", FeatureFamily.URL, "link text that shows another domain than the link's"),
  URL_USERINFO("url.userinfo", FeatureFamily.URL, "a link with text before an @ in its host"),
  URL_UNUSUAL_PORT("url.unusual_port", FeatureFamily.URL, "a link to an unusual port"),
  URL_SHORTENER("url.shortener", FeatureFamily.URL, "a link through a URL shortener"),
  HEADER_REPLY_TO_MISMATCH("header.reply_to_mismatch", FeatureFamily.HEADER, "replies go to another domain than the sender's"),
  HEADER_RETURN_PATH_MISMATCH("header.return_path_mismatch", FeatureFamily.HEADER, "bounces go to another domain than the sender's"),
  HEADER_DISPLAY_NAME_SPOOF("header.display_name_spoof", FeatureFamily.HEADER, "a sender name that shows another address or domain"),
  HEADER_MISSING_MESSAGE_ID("header.missing_message_id", FeatureFamily.HEADER, "no Message-ID"),
  HEADER_MISSING_DATE("header.missing_date", FeatureFamily.HEADER, "no Date"),
  HEADER_NO_RECIPIENT("header.no_recipient", FeatureFamily.HEADER, "no To or Cc recipient"),
  HEADER_RECEIVED_HOPS("header.received_hops", FeatureFamily.HEADER, "relays in the Received chain"),
  HEADER_DUPLICATED("header.duplicated", FeatureFamily.HEADER, "a header field that should appear once appears twice"),
  STYLE_HTML_ONLY("style.html_only", FeatureFamily.STYLE, "an HTML body without a plain-text part"),
  STYLE_HTML_FORM("style.html_form", FeatureFamily.STYLE, "a form in the HTML"),
  STYLE_HTML_SCRIPT("style.html_script", FeatureFamily.STYLE, "a script in the HTML"),
  STYLE_SUBJECT_CAPITALS("style.subject_capitals", FeatureFamily.STYLE, "a subject in capitals"),
  STYLE_EXCLAMATIONS("style.exclamations", FeatureFamily.STYLE, "exclamation marks"),
  STYLE_BODY_LENGTH("style.body_length", FeatureFamily.STYLE, "the length of the text"),
  STYLE_TRUNCATED("style.truncated", FeatureFamily.STYLE, "a message cut at a parser limit"),
  LEXICON_URGENCY("lexicon.urgency", FeatureFamily.LEXICON, "urgent wording"),
  LEXICON_CREDENTIALS("lexicon.credentials", FeatureFamily.LEXICON, "requests for passwords or account details"),
  LEXICON_MONEY("lexicon.money", FeatureFamily.LEXICON, "talk of money and offers"),
  AUTH_SPF_FAIL("auth.spf_fail", FeatureFamily.AUTH, "SPF failed"),
  AUTH_DKIM_FAIL("auth.dkim_fail", FeatureFamily.AUTH, "DKIM failed"),
  AUTH_DMARC_FAIL("auth.dmarc_fail", FeatureFamily.AUTH, "DMARC failed"),
  ATTACHMENT_COUNT("attachment.count", FeatureFamily.ATTACHMENT, "attachments"),
  ATTACHMENT_EXECUTABLE("attachment.executable", FeatureFamily.ATTACHMENT, "an executable attachment"),
  ATTACHMENT_ARCHIVE("attachment.archive", FeatureFamily.ATTACHMENT, "an archive attachment"),
  ATTACHMENT_DOUBLE_EXTENSION("attachment.double_extension", FeatureFamily.ATTACHMENT, "an attachment with a double extension"),
  // feature spec fs-2: phishing knowledge (docs/signals.md says which SpamAssassin or Rspamd rules each mirrors)
  BRAND_IMPERSONATION("brand.impersonation", FeatureFamily.HEADER, "a brand named by the sender or subject that none of its domains back"),
  URL_LOOKALIKE("url.lookalike_domain", FeatureFamily.URL, "a domain made to look like a brand's or the recipient's own"),
  URL_SCRIPT_SCHEME("url.script_scheme", FeatureFamily.URL, "a javascript: or data: link"),
  URL_REDIRECT("url.redirect", FeatureFamily.URL, "a link that carries another address to send the reader on to"),
  URL_ABUSED_TLD("url.abused_tld", FeatureFamily.URL, "a link or sender under a top-level domain favoured by throwaway registrations"),
  URL_QR_CODE("url.qr_code", FeatureFamily.URL, "a link hidden in a QR-code image"),
  STYLE_PASSWORD_FIELD("style.password_field", FeatureFamily.STYLE, "a password field in the HTML"),
  STYLE_IMAGE_ONLY("style.image_only", FeatureFamily.STYLE, "an image with almost no text"),
  LEXICON_PAYMENT_CHANGE("lexicon.payment_change", FeatureFamily.LEXICON, "requests to change bank details, pay a new account or buy gift cards"),
  LEXICON_THREAT("lexicon.threat", FeatureFamily.LEXICON, "threats and deadlines about an account, in several languages"),
  ATTACHMENT_HTML("attachment.html", FeatureFamily.ATTACHMENT, "an HTML or SVG attachment");

  private final String featureName;
  private final FeatureFamily family;
  private final String description;

  EngineeredFeature(String featureName, FeatureFamily family, String description) {
    this.featureName = featureName;
    this.family = family;
    this.description = description;
  }

  /** The stable name, for example {@code url.ip_literal_host}. */
  public String featureName() {
    return featureName;
  }

  public FeatureFamily family() {
    return family;
  }

  /**
   * The signal's documented strength: the logit it adds at value 1 (a flag raised, a count near 2)
   * before any data is seen, and what training pulls its weight back towards. Zero for signals
   * that describe a message's shape rather than an attack. A corpus that never shows an attack
   * thus keeps the signal at this strength instead of at nothing; docs/signals.md lists them.
   */
  public double prior() {
    return switch (this) {
      case URL_IP_LITERAL, URL_PUNYCODE, URL_USERINFO, HEADER_DISPLAY_NAME_SPOOF, STYLE_PASSWORD_FIELD, URL_QR_CODE -> 1.5;
      case URL_TEXT_TARGET_MISMATCH, AUTH_SPF_FAIL, AUTH_DKIM_FAIL, LEXICON_PAYMENT_CHANGE, URL_SCRIPT_SCHEME -> 1.0;
      case URL_LOOKALIKE, ATTACHMENT_EXECUTABLE, ATTACHMENT_DOUBLE_EXTENSION -> 2.5;
      case BRAND_IMPERSONATION, AUTH_DMARC_FAIL, ATTACHMENT_HTML -> 2.0;
      case LEXICON_THREAT, URL_ABUSED_TLD, URL_SHORTENER, URL_REDIRECT, LEXICON_CREDENTIALS, STYLE_IMAGE_ONLY -> 0.5;
      default -> 0;
    };
  }

  /** What the feature means, for a human: "a link to a bare IP address". */
  public String description() {
    return description;
  }
}
