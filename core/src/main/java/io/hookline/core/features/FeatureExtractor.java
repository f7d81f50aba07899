package io.hookline.core.features;

import io.hookline.avro.Attachment;
import io.hookline.avro.AuthResult;
import io.hookline.avro.AuthenticationVerdicts;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.Link;
import io.hookline.avro.MailHeaders;
import io.hookline.core.mail.MailParser;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed message into its {@link FeatureVector} under one {@link FeatureSpec}:
 * deterministic, no state, safe to share between threads.
 */
public final class FeatureExtractor {
  private static final Set<String> SHORTENERS =
      Set.of("bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "buff.ly", "rebrand.ly", "cutt.ly", "tiny.cc", "shorturl.at", "rb.gy");
  private static final Set<String> EXECUTABLE =
      Set.of("exe", "scr", "com", "pif", "bat", "cmd", "js", "jse", "vbs", "vbe", "wsf", "hta", "msi", "jar", "ps1", "lnk", "iso", "dll", "cpl");
  private static final Set<String> ARCHIVE = Set.of("zip", "rar", "7z", "gz", "tgz", "tar", "cab", "ace", "arj", "img");
  /** HTML a browser opens from disk, where a credential form needs no web host (SVG runs scripts too). */
  private static final Set<String> HTML_FILES = Set.of("htm", "html", "shtml", "xhtml", "svg", "mht", "mhtml");
  /**
   * Top-level domains where registrations are cheap and abuse is common, after the public
   * abuse rankings (Spamhaus' most abused TLDs, Interisle's phishing landscape reports) and
   * SpamAssassin's {@code FROM_SUSPICIOUS_NTLD} and {@code PDS_OTHER_BAD_TLD}. A signal with a
   * weight, not a block: honest sites live there too.
   */
  private static final Set<String> ABUSED_TLDS = Set.of(
      "top", "xyz", "zip", "mov", "click", "link", "icu", "cyou", "sbs", "buzz", "rest", "cfd", "bond", "lol", "quest", "monster",
      "gq", "tk", "ml", "cf", "ga", "work", "support", "country", "kim", "loan", "men", "date", "review", "stream", "download",
      "racing", "win", "bid", "party", "trade", "science", "webcam", "accountant", "faith", "cricket", "xin", "mom", "beauty", "hair",
      "skin", "makeup", "boats", "autos", "yachts", "motorcycles", "homes");

  private final FeatureSpec spec;
  private final Brands brands;
  /** Allocating a fresh token table per message cost more than all the scanning. */
  private final ThreadLocal<TokenCollector> workspaces = ThreadLocal.withInitial(TokenCollector::new);

  /** With the brands the environment configures ({@link Brands#configured()}). */
  public FeatureExtractor(FeatureSpec spec) {
    this(spec, Brands.configured());
  }

  public FeatureExtractor(FeatureSpec spec, Brands brands) {
    this.spec = spec;
    this.brands = brands;
  }

  public FeatureSpec spec() {
    return spec;
  }

  public FeatureVector extract(EmailMessage message) {
    TokenCollector tokens = workspaces.get();
    tokens.reset();
    double[] x = new double[EngineeredFeature.values().length];
    Map<EngineeredFeature, String> evidence = new EnumMap<>(EngineeredFeature.class);
    MailHeaders headers = message.getHeaders();
    String subject = message.getSubject() == null ? "" : message.getSubject();
    String body = message.getTextBody() != null && !message.getTextBody().isBlank() ? message.getTextBody() : message.getHtmlText();

    tokens.addWords(TokenField.SUBJECT, subject, 1_000);
    tokens.addBigrams(TokenField.SUBJECT, subject.length() > 300 ? subject.substring(0, 300) : subject);
    tokens.addWords(TokenField.BODY, body, spec.maxBodyChars());
    String fromDomain = Domains.ofAddress(headers.getFrom());
    tokens.addWhole(TokenField.FROM_DOMAIN, Domains.registrable(fromDomain));
    tokens.addWords(TokenField.MAILER, headers.getXMailer(), 200);
    tokens.addWhole(TokenField.MESSAGE_ID_DOMAIN, Domains.registrable(Domains.ofAddress(headers.getMessageIdHeader())));
    tokens.addWhole(TokenField.REPLY_DOMAIN, Domains.registrable(Domains.ofAddress(headers.getReplyTo())));
    tokens.addWhole(TokenField.REPLY_DOMAIN, Domains.registrable(Domains.ofAddress(headers.getReturnPath())));
    route(headers.getReceived(), tokens);
    if (body != null) {
      tokens.addBigrams(TokenField.BODY, body.length() > 4_000 ? body.substring(0, 4_000) : body);
    }
    tokens.addWhole(TokenField.CONTENT_TYPE, mediaType(headers.getContentType()));

    String ownDomain = recipientDomain(message);
    links(message.getLinks(), ownDomain, tokens, x, evidence);
    senders(headers, fromDomain, x, evidence);
    sender(fromDomain, ownDomain, x, evidence);
    style(message, subject, body, x);
    lexicons(subject, body, x);
    brand(headers, fromDomain, subject, x, evidence);
    authentication(message.getAuthentication(), headers, x);
    attachments(message.getAttachments(), tokens, x, evidence);
    imageOnly(message, body, x);
    return new FeatureVector(tokens.hashes(), tokens.counts(), tokens.names(), x, evidence, tokens.fields(), readable(subject, body));
  }

  /** Subject and body as one text with runs of white space folded, cut at {@link FeatureVector#TEXT_CHARS}. */
  private static String readable(String subject, String body) {
    String text = foldSpace(subject + "\n" + (body == null ? "" : body.length() > 4 * FeatureVector.TEXT_CHARS ? body.substring(0, 4 * FeatureVector.TEXT_CHARS) : body))
        .strip();
    return text.length() > FeatureVector.TEXT_CHARS ? text.substring(0, FeatureVector.TEXT_CHARS) : text;
  }

  /** Runs of ASCII white space (regex {@code \\s}) as one space; a loop, as a regex replacement cost a tenth of featurizing. */
  private static String foldSpace(String text) {
    StringBuilder folded = new StringBuilder(text.length());
    boolean inSpace = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean space = c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
      if (!space) {
        folded.append(c);
      } else if (!inSpace) {
        folded.append(' ');
      }
      inSpace = space;
    }
    return folded.toString();
  }

  /** The domains named in the Received chain ("from mail.example.com (...) by mx..."), first 8 hops. */
  private static void route(List<String> received, TokenCollector tokens) {
    int hops = 0;
    for (String hop : received) {
      if (hops++ >= 8) {
        break;
      }
      for (String keyword : new String[] {"from ", "by "}) {
        int at = hop.indexOf(keyword);
        if (at >= 0) {
          int start = at + keyword.length();
          int end = start;
          while (end < hop.length() && !Character.isWhitespace(hop.charAt(end)) && hop.charAt(end) != '(' && hop.charAt(end) != ';') {
            end++;
          }
          String host = hop.substring(start, end).toLowerCase(Locale.ROOT);
          if (host.indexOf('.') > 0 && !Domains.isIpLiteral(host)) {
            tokens.addWhole(TokenField.ROUTE_DOMAIN, Domains.registrable(host));
          }
        }
      }
    }
  }

  private void links(List<Link> links, String ownDomain, TokenCollector tokens, double[] x, Map<EngineeredFeature, String> evidence) {
    Set<String> domains = new HashSet<>();
    Set<String> lookalikeHosts = new HashSet<>();
    int examined = 0;
    for (Link link : links) {
      if (examined++ >= spec.maxLinks()) {
        break;
      }
      String url = link.getUrl();
      if (isScript(url)) {
        // nothing honest needs a script or an inline document as a link in mail
        flag(x, evidence, EngineeredFeature.URL_SCRIPT_SCHEME, url.substring(0, Math.min(url.length(), 16)) + "...");
        continue;
      }
      String host = Domains.host(url);
      if (host == null) {
        continue;
      }
      if (MailParser.QR_CODE_ANCHOR.equals(link.getAnchorText())) {
        x[EngineeredFeature.URL_QR_CODE.ordinal()] = 1;
        evidence.putIfAbsent(EngineeredFeature.URL_QR_CODE, host);
      }
      if (lookalikeHosts.add(host)) { // a message links to the same few hosts many times: each is judged once
        String imitated = Lookalikes.imitated(host, brands, ownDomain);
        if (imitated != null) {
          flag(x, evidence, EngineeredFeature.URL_LOOKALIKE, host + " looks like " + imitated);
        } else if (Lookalikes.mixesScripts(host)) {
          flag(x, evidence, EngineeredFeature.URL_LOOKALIKE, host + " mixes alphabets");
        }
      }
      if (isAbusedTld(host)) {
        flag(x, evidence, EngineeredFeature.URL_ABUSED_TLD, host);
      }
      if (carriesAnotherAddress(url, host)) {
        x[EngineeredFeature.URL_REDIRECT.ordinal()]++;
        evidence.putIfAbsent(EngineeredFeature.URL_REDIRECT, host);
      }
      String domain = Domains.registrable(host);
      domains.add(domain);
      tokens.addWhole(TokenField.URL_HOST, host);
      tokens.addWhole(TokenField.URL_DOMAIN, domain);
      int pathStart = url.indexOf(host) + host.length();
      if (pathStart > host.length() && pathStart < url.length()) {
        tokens.addWords(TokenField.URL_PATH, url.substring(pathStart), 200);
      }
      if (Domains.isIpLiteral(host)) {
        flag(x, evidence, EngineeredFeature.URL_IP_LITERAL, host);
      }
      if (Domains.isPunycode(host)) {
        flag(x, evidence, EngineeredFeature.URL_PUNYCODE, host);
      }
      if (Domains.hasUserInfo(url)) {
        flag(x, evidence, EngineeredFeature.URL_USERINFO, host);
      }
      if (Domains.hasUnusualPort(url)) {
        flag(x, evidence, EngineeredFeature.URL_UNUSUAL_PORT, host);
      }
      if (SHORTENERS.contains(host) || SHORTENERS.contains(domain)) {
        flag(x, evidence, EngineeredFeature.URL_SHORTENER, host);
      }
      String shown = Domains.shownIn(link.getAnchorText());
      if (shown != null && !Domains.registrable(shown).equals(domain)) {
        x[EngineeredFeature.URL_TEXT_TARGET_MISMATCH.ordinal()]++;
        evidence.putIfAbsent(EngineeredFeature.URL_TEXT_TARGET_MISMATCH, shown + " -> " + host);
      }
    }
    x[EngineeredFeature.URL_COUNT.ordinal()] = Math.log1p(links.size());
    x[EngineeredFeature.URL_DISTINCT_DOMAINS.ordinal()] = Math.log1p(domains.size());
    x[EngineeredFeature.URL_TEXT_TARGET_MISMATCH.ordinal()] = Math.log1p(x[EngineeredFeature.URL_TEXT_TARGET_MISMATCH.ordinal()]);
    x[EngineeredFeature.URL_REDIRECT.ordinal()] = Math.log1p(x[EngineeredFeature.URL_REDIRECT.ordinal()]);
  }

  private static boolean isScript(String url) {
    String u = url.stripLeading();
    return u.regionMatches(true, 0, "javascript:", 0, 11) || u.regionMatches(true, 0, "data:", 0, 5) || u.regionMatches(true, 0, "vbscript:", 0, 9);
  }

  private static boolean isAbusedTld(String host) {
    return ABUSED_TLDS.contains(host.substring(host.lastIndexOf('.') + 1));
  }

  /**
   * A link that hands the reader on to another address in its path or query ({@code
   * ?url=https://...}, {@code /redirect/https%3A%2F%2F...}): open redirects and tracking hops hide
   * where a lure really goes. Rspamd follows the same chains in its {@code REDIRECTOR_URL} handling.
   */
  private static boolean carriesAnotherAddress(String url, String host) {
    int after = url.indexOf(host);
    if (after < 0) {
      return false;
    }
    for (int i = url.indexOf("http", after + host.length()); i >= 0; i = url.indexOf("http", i + 4)) {
      if (url.startsWith("://", i + 4) || url.startsWith("s://", i + 4) || url.regionMatches(true, i + 4, "%3a", 0, 3)
          || url.regionMatches(true, i + 4, "s%3a", 0, 4)) {
        return true;
      }
    }
    return false;
  }

  /** The recipient's registrable domain (the first To address, else the envelope's first recipient), or null. */
  private static String recipientDomain(EmailMessage message) {
    List<String> to = message.getHeaders().getTo();
    String address = !to.isEmpty() ? to.get(0)
        : message.getEnvelope() != null && !message.getEnvelope().getRcptTo().isEmpty() ? message.getEnvelope().getRcptTo().get(0) : null;
    return Domains.registrable(Domains.ofAddress(address));
  }

  /** The sender's own domain as a look-alike or under an abused top-level domain. */
  private void sender(String fromDomain, String ownDomain, double[] x, Map<EngineeredFeature, String> evidence) {
    if (fromDomain == null) {
      return;
    }
    String imitated = Lookalikes.imitated(fromDomain, brands, ownDomain);
    if (imitated != null) {
      flag(x, evidence, EngineeredFeature.URL_LOOKALIKE, "sender " + fromDomain + " looks like " + imitated);
    }
    if (isAbusedTld(fromDomain)) {
      flag(x, evidence, EngineeredFeature.URL_ABUSED_TLD, "sender " + fromDomain);
    }
  }

  /**
   * A brand in the sender's display name (any case), or in the subject (in the brand's own case)
   * together with requests for credentials or threats, when the sender's domain is not one of
   * that brand's. Rspamd's {@code SPOOF_DISPLAY_NAME} and SpamAssassin's {@code __FROM_...}
   * display-name rules look at the same mismatch.
   */
  private void brand(MailHeaders headers, String fromDomain, String subject, double[] x, Map<EngineeredFeature, String> evidence) {
    String fromRegistrable = Domains.registrable(fromDomain);
    String from = headers.getFrom();
    int lt = from == null ? -1 : from.lastIndexOf('<');
    String display = lt > 0 ? from.substring(0, lt) : "";
    Brands.Brand named = brands.namedIn(display, true);
    String where = "sender name";
    if (named == null && (x[EngineeredFeature.LEXICON_CREDENTIALS.ordinal()] > 0 || x[EngineeredFeature.LEXICON_THREAT.ordinal()] > 0)) {
      named = brands.namedIn(subject, false);
      where = "subject";
    }
    if (named != null && (fromRegistrable == null || !named.domains().contains(fromRegistrable))) {
      flag(x, evidence, EngineeredFeature.BRAND_IMPERSONATION, named.name() + " in the " + where + ", sent from " + fromRegistrable);
    }
  }

  /** Little text and an image: the lure is in the picture, often a QR code, where text scanners cannot read it. */
  private static void imageOnly(EmailMessage message, String body, double[] x) {
    int letters = 0;
    if (body != null) {
      for (int i = 0; i < body.length() && letters < 80; i++) {
        if (Character.isLetter(body.charAt(i))) {
          letters++;
        }
      }
    }
    boolean image = message.getAttachments().stream().anyMatch(a -> a.getMediaType().startsWith("image/"))
        || message.getHtmlBody() != null && containsTag(message.getHtmlBody(), "<img");
    x[EngineeredFeature.STYLE_IMAGE_ONLY.ordinal()] = image && letters < 80 ? 1 : 0;
  }

  private static void senders(MailHeaders headers, String fromDomain, double[] x, Map<EngineeredFeature, String> evidence) {
    String fromRegistrable = Domains.registrable(fromDomain);
    String replyTo = Domains.registrable(Domains.ofAddress(headers.getReplyTo()));
    if (fromRegistrable != null && replyTo != null && !replyTo.equals(fromRegistrable)) {
      flag(x, evidence, EngineeredFeature.HEADER_REPLY_TO_MISMATCH, fromRegistrable + " -> " + replyTo);
    }
    String returnPath = Domains.registrable(Domains.ofAddress(headers.getReturnPath()));
    if (fromRegistrable != null && returnPath != null && !returnPath.equals(fromRegistrable)) {
      flag(x, evidence, EngineeredFeature.HEADER_RETURN_PATH_MISMATCH, fromRegistrable + " -> " + returnPath);
    }
    String from = headers.getFrom();
    if (from != null && fromRegistrable != null) {
      int lt = from.lastIndexOf('<');
      String display = lt > 0 ? from.substring(0, lt).toLowerCase(Locale.ROOT) : "";
      String shown = Domains.shownIn(display.replace("\"", "").replaceAll(".*@", "").trim());
      if (shown != null && !Domains.registrable(shown).equals(fromRegistrable)) {
        flag(x, evidence, EngineeredFeature.HEADER_DISPLAY_NAME_SPOOF, shown + " -> " + fromRegistrable);
      }
    }
    x[EngineeredFeature.HEADER_MISSING_MESSAGE_ID.ordinal()] = headers.getMessageIdHeader() == null ? 1 : 0;
    x[EngineeredFeature.HEADER_MISSING_DATE.ordinal()] = headers.getDate() == null ? 1 : 0;
    x[EngineeredFeature.HEADER_NO_RECIPIENT.ordinal()] = headers.getTo().isEmpty() && headers.getCc().isEmpty() ? 1 : 0;
    x[EngineeredFeature.HEADER_RECEIVED_HOPS.ordinal()] = Math.log1p(headers.getReceived().size());
    x[EngineeredFeature.HEADER_DUPLICATED.ordinal()] = headers.getOther().isEmpty() ? 0 : 1;
  }

  private static void style(EmailMessage message, String subject, String body, double[] x) {
    boolean html = message.getHtmlBody() != null;
    boolean text = message.getTextBody() != null && !message.getTextBody().isBlank();
    x[EngineeredFeature.STYLE_HTML_ONLY.ordinal()] = html && !text ? 1 : 0;
    if (html) {
      x[EngineeredFeature.STYLE_HTML_FORM.ordinal()] = containsTag(message.getHtmlBody(), "<form") ? 1 : 0;
      x[EngineeredFeature.STYLE_HTML_SCRIPT.ordinal()] = containsTag(message.getHtmlBody(), "<script") ? 1 : 0;
      x[EngineeredFeature.STYLE_PASSWORD_FIELD.ordinal()] = hasPasswordField(message.getHtmlBody()) ? 1 : 0;
    }
    int letters = 0;
    int capitals = 0;
    for (int i = 0; i < subject.length(); i++) {
      char c = subject.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
        if (Character.isUpperCase(c)) {
          capitals++;
        }
      }
    }
    x[EngineeredFeature.STYLE_SUBJECT_CAPITALS.ordinal()] = letters >= 4 ? (double) capitals / letters : 0;
    int exclamations = count(subject, '!') + (body == null ? 0 : count(body.length() > 20_000 ? body.substring(0, 20_000) : body, '!'));
    x[EngineeredFeature.STYLE_EXCLAMATIONS.ordinal()] = Math.log1p(exclamations);
    x[EngineeredFeature.STYLE_BODY_LENGTH.ordinal()] = Math.log1p(body == null ? 0 : body.length());
    x[EngineeredFeature.STYLE_TRUNCATED.ordinal()] = message.getTruncations().isEmpty() ? 0 : 1;
  }

  /** Intent shows early: the lexicons read the subject and the body's first characters. */
  private static final int LEXICON_CHARS = 5_000;

  private void lexicons(String subject, String body, double[] x) {
    String text = Lexicons.lower(subject) + "\n" + Lexicons.lower(body == null || body.length() <= LEXICON_CHARS ? body : body.substring(0, LEXICON_CHARS));
    int[] counts = Lexicons.count(text);
    x[EngineeredFeature.LEXICON_URGENCY.ordinal()] = Math.log1p(counts[0]);
    x[EngineeredFeature.LEXICON_CREDENTIALS.ordinal()] = Math.log1p(counts[1]);
    x[EngineeredFeature.LEXICON_MONEY.ordinal()] = Math.log1p(counts[2]);
    x[EngineeredFeature.LEXICON_PAYMENT_CHANGE.ordinal()] = Math.log1p(counts[3]);
    x[EngineeredFeature.LEXICON_THREAT.ordinal()] = Math.log1p(counts[4]);
  }

  /** The gateway's own verdicts when it gave them; else the first (nearest) Authentication-Results. */
  private static void authentication(AuthenticationVerdicts verdicts, MailHeaders headers, double[] x) {
    String results = headers.getAuthenticationResults().isEmpty() ? "" : headers.getAuthenticationResults().get(0).toLowerCase(Locale.ROOT);
    x[EngineeredFeature.AUTH_SPF_FAIL.ordinal()] = failed(verdicts == null ? null : verdicts.getSpf(), results, "spf=") ? 1 : 0;
    x[EngineeredFeature.AUTH_DKIM_FAIL.ordinal()] = failed(verdicts == null ? null : verdicts.getDkim(), results, "dkim=") ? 1 : 0;
    x[EngineeredFeature.AUTH_DMARC_FAIL.ordinal()] = failed(verdicts == null ? null : verdicts.getDmarc(), results, "dmarc=") ? 1 : 0;
  }

  private static boolean failed(AuthResult verdict, String results, String method) {
    if (verdict != null && verdict != AuthResult.UNKNOWN) {
      return verdict == AuthResult.FAIL || verdict == AuthResult.SOFTFAIL || verdict == AuthResult.PERMERROR;
    }
    int at = results.indexOf(method);
    return at >= 0 && (results.startsWith("fail", at + method.length()) || results.startsWith("softfail", at + method.length()));
  }

  private static void attachments(List<Attachment> attachments, TokenCollector tokens, double[] x, Map<EngineeredFeature, String> evidence) {
    x[EngineeredFeature.ATTACHMENT_COUNT.ordinal()] = Math.log1p(attachments.size());
    for (Attachment attachment : attachments) {
      tokens.addWhole(TokenField.ATTACHMENT_TYPE, attachment.getMediaType());
      String name = attachment.getFileName() == null ? "" : attachment.getFileName().toLowerCase(Locale.ROOT).trim();
      String[] parts = name.split("\\.");
      String extension = parts.length > 1 ? parts[parts.length - 1] : "";
      if (EXECUTABLE.contains(extension)) {
        flag(x, evidence, EngineeredFeature.ATTACHMENT_EXECUTABLE, attachment.getFileName());
      }
      if (ARCHIVE.contains(extension)) {
        flag(x, evidence, EngineeredFeature.ATTACHMENT_ARCHIVE, attachment.getFileName());
      }
      if (HTML_FILES.contains(extension) || attachment.getMediaType().equals("text/html") || attachment.getMediaType().equals("image/svg+xml")) {
        flag(x, evidence, EngineeredFeature.ATTACHMENT_HTML, attachment.getFileName() == null ? attachment.getMediaType() : attachment.getFileName());
      }
      if (parts.length > 2 && parts[parts.length - 2].length() >= 2 && parts[parts.length - 2].length() <= 4 && EXECUTABLE.contains(extension)) {
        flag(x, evidence, EngineeredFeature.ATTACHMENT_DOUBLE_EXTENSION, attachment.getFileName());
      }
    }
  }

  private static void flag(double[] x, Map<EngineeredFeature, String> evidence, EngineeredFeature feature, String what) {
    x[feature.ordinal()] = 1;
    evidence.putIfAbsent(feature, what);
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "none";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).trim().toLowerCase(Locale.ROOT);
  }

  /** Case-insensitive search for an ASCII tag opening, without copying the HTML. */
  private static boolean containsTag(String html, String lowerTag) {
    int last = html.length() - lowerTag.length();
    for (int i = html.indexOf('<'); i >= 0 && i <= last; i = html.indexOf('<', i + 1)) {
      if (html.regionMatches(true, i, lowerTag, 0, lowerTag.length())) {
        return true;
      }
    }
    return false;
  }

  /** An {@code <input type=password>}: a form that asks for a password inside the mail itself. */
  private static boolean hasPasswordField(String html) {
    if (!containsTag(html, "<input")) {
      return false;
    }
    String lower = html.toLowerCase(Locale.ROOT);
    return lower.contains("type=\"password\"") || lower.contains("type='password'") || lower.contains("type=password");
  }

  private static int count(String text, char wanted) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == wanted) {
        n++;
      }
    }
    return n;
  }
}
