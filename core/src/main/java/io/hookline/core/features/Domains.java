package io.hookline.core.features;

import java.util.Locale;
import java.util.Set;

/** Host names as phishing detection needs them: registrable domain, IP literals, punycode. */
final class Domains {
  /** Second-level labels under which registrations happen one level deeper (co.uk, com.au ...). */
  private static final Set<String> SHARED_SECOND_LEVEL = Set.of("co", "com", "net", "org", "ac", "gov", "edu", "ne", "or", "go");

  private Domains() {}

  /** The host of a URL, lower-cased, without user info or port; null when there is none. */
  static String host(String url) {
    String u = url.trim();
    int scheme = u.indexOf("://");
    int start;
    if (scheme > 0 && scheme < 12) {
      start = scheme + 3;
    } else if (u.regionMatches(true, 0, "www.", 0, 4)) {
      start = 0;
    } else {
      return null; // mailto:, relative links, fragments
    }
    int end = u.length();
    for (int i = start; i < u.length(); i++) {
      char c = u.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == '\\') {
        end = i;
        break;
      }
    }
    String authority = u.substring(start, end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      return close > 0 ? authority.substring(1, close).toLowerCase(Locale.ROOT) : null;
    }
    int colon = authority.indexOf(':');
    if (colon >= 0) {
      authority = authority.substring(0, colon);
    }
    authority = authority.toLowerCase(Locale.ROOT);
    while (authority.endsWith(".")) {
      authority = authority.substring(0, authority.length() - 1);
    }
    return authority.isEmpty() ? null : authority;
  }

  /** True when the URL carries user info before its host ({@code http://paypal.com@evil.example}). */
  static boolean hasUserInfo(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return false;
    }
    int end = url.length();
    for (int i = scheme + 3; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    return url.substring(scheme + 3, end).indexOf('@') >= 0;
  }

  /** True when the URL names a port other than 80 and 443. */
  static boolean hasUnusualPort(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return false;
    }
    int start = scheme + 3;
    int end = url.length();
    for (int i = start; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    String authority = url.substring(start, end);
    int at = authority.lastIndexOf('@');
    authority = at >= 0 ? authority.substring(at + 1) : authority;
    int colon = authority.lastIndexOf(':');
    if (colon < 0 || authority.startsWith("[")) {
      return false;
    }
    String port = authority.substring(colon + 1);
    return !port.isEmpty() && !port.equals("80") && !port.equals("443") && port.chars().allMatch(Character::isDigit);
  }

  static boolean isIpLiteral(String host) {
    if (host == null) {
      return false;
    }
    if (host.indexOf(':') >= 0) {
      return true; // IPv6
    }
    int dots = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return dots == 3;
  }

  static boolean isPunycode(String host) {
    return host != null && (host.startsWith("xn--") || host.contains(".xn--"));
  }

  /** The registrable domain, approximately: the last two labels, three under co.uk-style levels. */
  static String registrable(String host) {
    if (host == null || isIpLiteral(host)) {
      return host;
    }
    String[] labels = host.split("\\.");
    if (labels.length <= 2) {
      return host;
    }
    String second = labels[labels.length - 2];
    int keep = labels[labels.length - 1].length() == 2 && SHARED_SECOND_LEVEL.contains(second) ? 3 : 2;
    StringBuilder domain = new StringBuilder();
    for (int i = labels.length - keep; i < labels.length; i++) {
      domain.append(domain.length() == 0 ? "" : ".").append(labels[i]);
    }
    return domain.toString();
  }

  /** The domain of an address such as {@code "Name" <user@host>} or {@code user@host}. */
  static String ofAddress(String address) {
    if (address == null) {
      return null;
    }
    String a = address;
    int lt = a.lastIndexOf('<');
    int gt = a.lastIndexOf('>');
    if (lt >= 0 && gt > lt) {
      a = a.substring(lt + 1, gt);
    }
    int at = a.lastIndexOf('@');
    if (at < 0 || at == a.length() - 1) {
      return null;
    }
    String host = a.substring(at + 1).trim().toLowerCase(Locale.ROOT);
    while (host.endsWith(".") || host.endsWith(">")) {
      host = host.substring(0, host.length() - 1);
    }
    return host.isEmpty() ? null : host;
  }

  /** A domain written in visible text, as in a link's anchor ("www.paypal.com", "PayPal.com/login"). */
  static String shownIn(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    String h = host(t.contains("://") || t.startsWith("www.") ? t : "http://" + t);
    if (h == null || h.indexOf('.') < 0 || h.indexOf(' ') >= 0) {
      return null;
    }
    String tld = h.substring(h.lastIndexOf('.') + 1);
    return tld.length() >= 2 && tld.chars().allMatch(Character::isLetter) || isIpLiteral(h) ? h : null;
  }
}
