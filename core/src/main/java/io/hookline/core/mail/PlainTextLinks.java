package io.hookline.core.mail;

import io.hookline.avro.Link;
import java.util.List;

/**
 * URLs written out in plain text: {@code http(s)://...} and {@code www....}, found by a hand-written
 * scan (a regular expression for the same was the parser's hottest loop).
 */
final class PlainTextLinks {
  private static final String STOP = "<>\"'{}|\\^`[]";

  private PlainTextLinks() {}

  /** Adds the text's URLs not already present, up to one more than {@code maxLinks}. */
  static void addTo(List<Link> links, String text, int maxLinks) {
    if (text == null) {
      return;
    }
    int length = text.length();
    int i = 0;
    while (i < length && links.size() <= maxLinks) {
      int start = urlStartingAt(text, i);
      if (start < 0) {
        i++;
        continue;
      }
      int end = start;
      while (end < length && !Character.isWhitespace(text.charAt(end)) && STOP.indexOf(text.charAt(end)) < 0) {
        end++;
      }
      String url = trimTrailingPunctuation(text.substring(start, end));
      if (!contains(links, url)) {
        links.add(new Link(url, null));
      }
      i = end;
    }
  }

  /** {@code at} when a URL starts there (at a word boundary), else -1. */
  private static int urlStartingAt(String text, int at) {
    char c = text.charAt(at);
    if (c != 'h' && c != 'H' && c != 'w' && c != 'W') {
      return -1;
    }
    if (at > 0 && Character.isLetterOrDigit(text.charAt(at - 1))) {
      return -1;
    }
    if (text.regionMatches(true, at, "www.", 0, 4)) {
      return at + 4 < text.length() ? at : -1;
    }
    if (!text.regionMatches(true, at, "http", 0, 4)) {
      return -1;
    }
    int rest = at + 4;
    if (rest < text.length() && (text.charAt(rest) == 's' || text.charAt(rest) == 'S')) {
      rest++;
    }
    return text.startsWith("://", rest) && rest + 3 < text.length() ? at : -1;
  }

  private static boolean contains(List<Link> links, String url) {
    for (Link link : links) {
      if (link.getUrl().equals(url)) {
        return true;
      }
    }
    return false;
  }

  private static String trimTrailingPunctuation(String url) {
    int end = url.length();
    while (end > 0 && ".,;:!?)>'\"".indexOf(url.charAt(end - 1)) >= 0) {
      end--;
    }
    return url.substring(0, end);
  }
}
