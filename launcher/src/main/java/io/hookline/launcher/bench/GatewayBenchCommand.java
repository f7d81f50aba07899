package io.hookline.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hookline bench gateway}: latency of the gateway's whole check at 1, 10 and 200 requests at once. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = "POST /checkv2 through the gateway and the detector on the embedded broker: p50/p99 per check at each concurrency.")
public final class GatewayBenchCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--concurrency", split = ",", description = "Requests at once, one run each (default: 1,10,200).")
  private int[] concurrency = {1, 10, 200};

  @Option(names = "--requests-per-client", description = "Checks each concurrent client sends (default: ${DEFAULT-VALUE}).")
  private int requestsPerClient = 20;

  @Option(names = "--min-requests", description = "At least this many checks per run (default: ${DEFAULT-VALUE}).")
  private int minRequests = 500;

  @Option(names = "--out", description = "Result file (default: ${DEFAULT-VALUE}).")
  private Path out = Path.of("bench-results", "gateway.json");

  @Override
  public Integer call() throws Exception {
    if (Arrays.stream(concurrency).anyMatch(c -> c < 1 || c > 256)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--concurrency values must be in 1..256 (the gateway's check threads)");
    }
    GatewayBenchmark.Result result = GatewayBenchmark.run(concurrency, requestsPerClient, minRequests, spec.commandLine().getOut());
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), result);
    spec.commandLine().getOut().println("written to " + out.toAbsolutePath());
    return 0;
  }
}
