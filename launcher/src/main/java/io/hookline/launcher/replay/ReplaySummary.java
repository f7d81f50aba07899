package io.hookline.launcher.replay;

import io.hookline.avro.Label;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** What a replay published, per phase, domain and label, and how many label requests it answered. */
public record ReplaySummary(
    String runId,
    long published,
    long unparseable,
    long feedbackPublished,
    long labelRequestsAnswered,
    Duration elapsed,
    Map<String, Map<String, Map<Label, Long>>> countsByPhaseDomainLabel) {

  /** Messages per second over the whole replay. */
  public double rate() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : published / seconds;
  }

  public void print(PrintWriter out) {
    out.printf("Replay %s: %,d messages in %.1f s (%,.0f msg/s), %,d feedback labels%s%s%n",
        runId, published, elapsed.toMillis() / 1000.0, rate(), feedbackPublished,
        labelRequestsAnswered > 0 ? String.format(" (%,d answering label requests)", labelRequestsAnswered) : "",
        unparseable > 0 ? String.format(", %,d unparseable skipped", unparseable) : "");
    out.println("  phase            domain            legitimate   phishing");
    countsByPhaseDomainLabel.forEach(
        (phase, domains) ->
            domains.forEach(
                (domain, labels) ->
                    out.printf("  %-16s %-16s %11d %10d%n", phase, domain,
                        labels.getOrDefault(Label.LEGITIMATE, 0L), labels.getOrDefault(Label.PHISHING, 0L))));
    out.flush();
  }

  /** Accumulates counts while a replay runs. */
  static final class Counter {
    private final Map<String, Map<String, Map<Label, Long>>> counts = new LinkedHashMap<>();

    void count(String phase, String domain, Label label) {
      counts.computeIfAbsent(phase, p -> new TreeMap<>()).computeIfAbsent(domain, d -> new TreeMap<>()).merge(label, 1L, Long::sum);
    }

    Map<String, Map<String, Map<Label, Long>>> snapshot() {
      Map<String, Map<String, Map<Label, Long>>> copy = new LinkedHashMap<>();
      counts.forEach((phase, domains) -> {
        Map<String, Map<Label, Long>> d = new TreeMap<>();
        domains.forEach((domain, labels) -> d.put(domain, Map.copyOf(labels)));
        copy.put(phase, d);
      });
      return copy;
    }
  }
}
