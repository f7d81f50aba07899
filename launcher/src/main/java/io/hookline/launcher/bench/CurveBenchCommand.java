package io.hookline.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.core.charts.ChartPage;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.kafka.EmbeddedKafkaSettings;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hookline bench curve}: the detector's cost curve (see {@link DetectorCurve}) as JSON and
 * as a page of charts beside it.
 */
@Command(name = "curve", mixinStandardHelpOptions = true,
    description = "The detector's cost curve on the embedded broker: verdicts/s, latency percentiles, CPU and bytes per verdict at offered rates up to "
        + "saturation for each batch limit; then draining a backlog as messages grow, as they carry more links, and with more instances. "
        + "Writes JSON and an HTML page of charts.")
public final class CurveBenchCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--rates", split = ",", description = "Offered rates, messages/s (default: ${DEFAULT-VALUE}).")
  private List<Double> rates = List.of(250.0, 500.0, 1000.0, 2000.0, 3000.0, 4000.0);

  @Option(names = "--max-batch", split = ",", description = "Batch limits, a curve each (default: ${DEFAULT-VALUE}).")
  private List<Integer> maxBatches = List.of(64, 256);

  @Option(names = "--seconds", description = "Seconds of traffic per paced point (default: ${DEFAULT-VALUE}).")
  private int seconds = 5;

  @Option(names = "--backlog", description = "Messages of the saturation and instance points (default: ${DEFAULT-VALUE}).")
  private int backlog = 12_000;

  @Option(names = "--message-kb", split = ",", description = "Text sizes of the message-size points, KB (default: ${DEFAULT-VALUE}).")
  private List<Integer> sizes = List.of(1, 8, 64, 512);

  @Option(names = "--links", split = ",", description = "Links per message of the link points (default: ${DEFAULT-VALUE}).")
  private List<Integer> links = List.of(1, 10, 100);

  @Option(names = "--instances", split = ",", description = "Detector instances of the scale-out points, on 4 partitions (default: ${DEFAULT-VALUE}).")
  private List<Integer> instances = List.of(1, 2, 4);

  @Option(names = "--warmup", description = "Backlogs drained and not counted before the curve: the JVM compiles the hot paths during the first "
      + "(default: ${DEFAULT-VALUE}).")
  private int warmup = 2;

  @Option(names = "--out", description = "Result file; the chart page is written beside it as .html (default: ${DEFAULT-VALUE}).")
  private Path out = Path.of("bench-results", "detector-curve.json");

  /** The machine and every point. */
  record Results(BenchMachine machine, List<DetectorCurve.Point> points) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    if (seconds < 1 || backlog < 1000 || warmup < 0 || instances.stream().anyMatch(i -> i < 1 || i > 4)) {
      throw new ParameterException(spec.commandLine(), "--seconds must be at least 1, --backlog at least 1000, --warmup at least 0 and --instances in 1..4");
    }
    BenchMachine machine = BenchMachine.now();
    console.println(machine.describe());
    List<DetectorCurve.Point> points = new ArrayList<>();
    try (EmbeddedStack stack = EmbeddedStack.start(EmbeddedKafkaSettings.temporary());
        Admin admin = Admin.create(stack.broker().clientProperties())) {
      BenchPlatform platform = BenchPlatform.prepare(stack, 4);
      DetectorCurve curve = new DetectorCurve(platform, admin, console);
      int widest = maxBatches.stream().mapToInt(Integer::intValue).max().orElse(256);
      for (int run = 0; run < warmup; run++) {
        curve.warmUp(widest, backlog);
      }
      for (int maxBatch : maxBatches) {
        points.addAll(curve.rates(maxBatch, rates.stream().sorted().toList(), backlog, Duration.ofSeconds(seconds)));
      }
      for (int kb : sizes) {
        points.add(curve.messageSize(widest, kb));
      }
      for (int count : links) {
        points.add(curve.links(widest, count));
      }
      for (int count : instances) {
        points.add(curve.instances(widest, count, backlog));
      }
    }
    Path json = out.toAbsolutePath();
    Files.createDirectories(json.getParent());
    ObjectMapper mapper = new ObjectMapper();
    Results results = new Results(machine, points);
    mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), results);
    String name = json.getFileName().toString();
    Path html = json.resolveSibling((name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + ".html");
    Files.writeString(html, page(mapper, results), StandardCharsets.UTF_8);
    console.println("written to " + json + " and " + html);
    return 0;
  }

  static String page(ObjectMapper mapper, Results results) {
    String body = "<h1>Detector cost curve</h1><p class=\"note\">" + ChartPage.escape(results.machine().describe())
        + ". One embedded broker, publisher and reader in the same process as the detector; exactly-once, inference log on, reasons on every verdict.</p>"
        + "<div id=\"chart-latency\"></div><div id=\"chart-throughput\"></div><div id=\"chart-cpu\"></div><div id=\"chart-bytes\"></div>"
        + "<div id=\"chart-size\"></div><div id=\"chart-links\"></div><div id=\"chart-instances\"></div>";
    return new ChartPage("Hookline detector cost curve", body, mapper.valueToTree(results), ChartPage.resource(CurveBenchCommand.class, "curve.js")).html();
  }
}
