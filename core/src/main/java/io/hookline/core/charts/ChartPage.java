package io.hookline.core.charts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One self-contained HTML page of Hookline charts: uPlot (from its webjar on the class path) and
 * Hookline's chart helpers inlined, the page's data as a JSON island, and the page's own script,
 * which draws from that data. The page needs nothing from the network, so a report written to a
 * file opens anywhere and a service's page works on an air-gapped host.
 *
 * @param title the page title
 * @param body the static HTML the script fills in (headings, empty chart containers, tables)
 * @param data what the script draws, read by {@code Hookline.pageData()}
 * @param script the page's own script
 */
public record ChartPage(String title, String body, JsonNode data, String script) {
  private static final String UPLOT = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
  private static final String UPLOT_SCRIPT = classpath(UPLOT + "uPlot.iife.min.js");
  private static final String HELPERS = resource(ChartPage.class, "hookline-charts.js");
  private static final String STYLE = classpath(UPLOT + "uPlot.min.css") + "\n" + resource(ChartPage.class, "hookline.css");

  public String html() {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><link rel=\"icon\" href=\"data:,\">"
        + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body>\n"
        + body
        + "\n<script type=\"application/json\" id=\"hookline-data\">" + island(data) + "</script>\n"
        // uPlot first: the helpers refer to it only when a chart is drawn
        + "<script>" + UPLOT_SCRIPT + "</script>\n"
        + "<script>" + HELPERS + "</script>\n"
        + "<script>\n" + script + "\n</script>\n</body></html>\n";
  }

  /** Text of a resource beside {@code owner}'s class file, such as a page's script. */
  public static String resource(Class<?> owner, String name) {
    return classpath("/" + owner.getPackageName().replace('.', '/') + "/" + name);
  }

  /** HTML-escapes text for an element's content or an attribute value. */
  public static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** JSON inside a script element: a "</" in a string would end the element early. */
  private static String island(JsonNode data) {
    return data.toString().replace("</", "<\\/").replace("<!--", "<\\!--");
  }

  private static String classpath(String path) {
    try (InputStream in = ChartPage.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the class path: the build bundles it");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static String uplotVersion() {
    java.util.Properties properties = new java.util.Properties();
    try (InputStream in = ChartPage.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("uPlot's webjar is missing from the class path");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read uPlot's webjar", e);
    }
    return properties.getProperty("version");
  }
}
