package io.hookline.core.mail;

import io.hookline.avro.Link;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What a reader sees of an HTML body, and where its links point. Hidden elements (display:none,
 * visibility:hidden) are removed from the text: phishers hide words there to fool filters.
 */
final class HtmlContent {
  private static final String HIDDEN =
      "[style~=(?i)(display\\s*:\\s*none|visibility\\s*:\\s*hidden)], [hidden], script, style, noscript, template, head";

  final String visibleText;
  final List<Link> links;

  private HtmlContent(String visibleText, List<Link> links) {
    this.visibleText = visibleText;
    this.links = links;
  }

  static HtmlContent of(String html, int maxLinks) {
    Document document = Jsoup.parse(html);
    List<Link> links = new ArrayList<>();
    for (Element anchor : document.select("a[href], area[href]")) {
      if (links.size() > maxLinks) {
        break; // one more than allowed tells the caller that some were dropped
      }
      String href = anchor.attr("href").trim();
      if (!href.isEmpty()) {
        String text = HeaderValues.clean(anchor.text());
        links.add(new Link(href, text.isEmpty() ? null : text));
      }
    }
    document.select(HIDDEN).remove();
    return new HtmlContent(document.text(), links);
  }
}
