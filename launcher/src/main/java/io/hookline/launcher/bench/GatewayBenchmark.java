package io.hookline.launcher.bench;

import io.hookline.core.config.ConfigSource;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.detector.DetectorConfig;
import io.hookline.detector.DetectorService;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.kafka.EmbeddedKafkaSettings;
import io.hookline.gateway.GatewayConfig;
import io.hookline.gateway.GatewayService;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's whole check as a mail server sees it: {@code POST /checkv2} with a corpus message,
 * through the gateway, the inbound topic, the detector (exactly-once) and the verdicts topic, back
 * to the answer; at 1, 10 and 200 requests at once, each request sent as soon as its client's
 * previous one is answered (closed loop). Everything (broker, detector, gateway and the clients)
 * shares this machine's cores, so the figures are those of a one-host install.
 */
final class GatewayBenchmark {

  record Level(int concurrency, int requests, double p50Millis, double p99Millis, double maxMillis, double checksPerSecond, int withoutVerdict) {}

  record Result(BenchMachine machine, List<Level> levels) {}

  private GatewayBenchmark() {}

  static Result run(int[] concurrencies, int requestsPerClient, int minimumRequests, PrintWriter out) throws Exception {
    BenchMachine machine = BenchMachine.now();
    out.println(machine.describe());
    try (EmbeddedStack stack = EmbeddedStack.start(EmbeddedKafkaSettings.temporary())) {
      BenchPlatform platform = BenchPlatform.prepare(stack, 3);
      Map<String, String> settings = new HashMap<>(platform.names().settings());
      settings.putAll(stack.clientSettings());
      settings.put("detector.group-id", "bench-gateway-detector");
      settings.put("detector.http.port", "0");
      settings.put("detector.batch.max-size", "256");
      settings.put("detector.batch.max-wait", "2ms");
      settings.put("gateway.milter.port", "-1");
      settings.put("gateway.check.port", "0");
      settings.put("gateway.http.port", "0");
      settings.put("gateway.verdict.timeout", "30s");
      settings.put("gateway.check.threads", "256");
      ConfigSource config = ConfigSource.of(settings);
      try (DetectorService detector = DetectorService.start(DetectorConfig.from(config), new FileModelStore());
          GatewayService gateway = GatewayService.start(GatewayConfig.from(config))) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!(detector.ready() && gateway.ready()) && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        URI check = URI.create("http://127.0.0.1:" + gateway.checkPort() + "/checkv2");
        List<byte[]> messages = platform.corpus().stream().map(CorpusExample::raw).toList();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        measure(http, check, messages, 10, 300); // warm-up: connections, JIT, the model's first batches
        List<Level> levels = new ArrayList<>();
        for (int concurrency : concurrencies) {
          Level level = measure(http, check, messages, concurrency, Math.max(minimumRequests, concurrency * requestsPerClient));
          out.printf("%3d at once: %,5d checks, p50 %6.1f ms, p99 %6.1f ms, max %6.1f ms, %,.0f checks/s, %d without a verdict%n",
              level.concurrency(), level.requests(), level.p50Millis(), level.p99Millis(), level.maxMillis(), level.checksPerSecond(),
              level.withoutVerdict());
          out.flush();
          levels.add(level);
        }
        return new Result(machine, levels);
      }
    }
  }

  private static Level measure(HttpClient http, URI check, List<byte[]> messages, int concurrency, int requests) throws Exception {
    long[] latencies = new long[requests];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger skipped = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(concurrency);
    long begin = System.nanoTime();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < concurrency; c++) {
        running.add(clients.submit(() -> {
          for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
            HttpRequest request = HttpRequest.newBuilder(check).header("Rcpt", "<user@example.com>").header("IP", "198.51.100.7")
                .POST(HttpRequest.BodyPublishers.ofByteArray(messages.get(i % messages.size()))).build();
            long sent = System.nanoTime();
            String answer = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            latencies[i] = System.nanoTime() - sent;
            if (!answer.contains("\"is_skipped\":false")) {
              skipped.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> client : running) {
        client.get();
      }
    } finally {
      clients.shutdownNow();
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    Arrays.sort(latencies);
    return new Level(concurrency, requests, latencies[requests / 2] / 1e6, latencies[(int) Math.min(requests - 1, Math.ceil(requests * 0.99) - 1)] / 1e6,
        latencies[requests - 1] / 1e6, requests / seconds, skipped.get());
  }
}
