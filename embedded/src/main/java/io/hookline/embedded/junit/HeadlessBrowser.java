package io.hookline.embedded.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium for the tests of Hookline's pages, driven over the DevTools protocol
 * (a WebSocket, JSON messages): open a page, wait for what its scripts draw, evaluate JavaScript
 * in it, read the console's errors and uncaught exceptions, and take a screenshot of the whole
 * page. Skips the test (fails it under CI) where Chromium is not installed.
 */
public final class HeadlessBrowser implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration REPLY = Duration.ofSeconds(30);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
  private final Map<String, Tab> tabs = new ConcurrentHashMap<>();

  private HeadlessBrowser(Process process, Path profile, URI endpoint) throws Exception {
    this.process = process;
    this.profile = profile;
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(endpoint, new Listener()).get(30, TimeUnit.SECONDS);
  }

  /** Starts Chromium with a fresh profile; skips the test where it is not installed (fails under CI). */
  public static HeadlessBrowser start() throws Exception {
    Path chromium = ExternalPrograms.require("chromium", "apt-get install chromium; .ci/run installs it",
        Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"), Path.of("/usr/bin/google-chrome"));
    Path profile = Files.createTempDirectory("hookline-chromium");
    Process process = new ProcessBuilder(chromium.toString(), "--headless=new", "--remote-debugging-port=0", "--user-data-dir=" + profile,
        // the pages come from this machine; a test runs as root in CI containers, where Chromium's sandbox cannot start
        "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--hide-scrollbars", "--window-size=1400,1000", "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    StringBuilder said = new StringBuilder();
    CompletableFuture<URI> endpoint = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line = stderr.readLine(); line != null; line = stderr.readLine()) {
          said.append(line).append('\n');
          Matcher matcher = LISTENING.matcher(line);
          if (matcher.find()) {
            Thread drain = new Thread(() -> drain(stderr), "chromium-stderr");
            drain.setDaemon(true);
            drain.start();
            return URI.create(matcher.group(1));
          }
        }
        throw new IllegalStateException("chromium exited before listening: " + said);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read chromium's output", e);
      }
    });
    try {
      return new HeadlessBrowser(process, profile, endpoint.get(60, TimeUnit.SECONDS));
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("chromium did not start: " + said, e);
    }
  }

  /** Opens {@code url} in a new tab and waits for its load event. */
  public Tab open(String url) throws Exception {
    String target = call(null, "Target.createTarget", JSON.createObjectNode().put("url", "about:blank")).path("targetId").asText();
    String session = call(null, "Target.attachToTarget", JSON.createObjectNode().put("targetId", target).put("flatten", true)).path("sessionId").asText();
    Tab tab = new Tab(session);
    tabs.put(session, tab);
    call(session, "Runtime.enable", JSON.createObjectNode());
    call(session, "Log.enable", JSON.createObjectNode());
    call(session, "Page.enable", JSON.createObjectNode());
    call(session, "Emulation.setDeviceMetricsOverride",
        JSON.createObjectNode().put("width", 1400).put("height", 1000).put("deviceScaleFactor", 1).put("mobile", false));
    JsonNode navigated = call(session, "Page.navigate", JSON.createObjectNode().put("url", url));
    if (navigated.hasNonNull("errorText")) {
      throw new IllegalStateException("chromium cannot open " + url + ": " + navigated.get("errorText").asText());
    }
    tab.loaded.get(REPLY.toSeconds(), TimeUnit.SECONDS);
    return tab;
  }

  /** One open page. */
  public final class Tab {
    private final String session;
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private Tab(String session) {
      this.session = session;
    }

    /** The value of a JavaScript expression in the page (a promise is awaited), as JSON. */
    public JsonNode evaluate(String expression) throws Exception {
      JsonNode result = call(session, "Runtime.evaluate",
          JSON.createObjectNode().put("expression", expression).put("returnByValue", true).put("awaitPromise", true));
      if (result.has("exceptionDetails")) {
        throw new IllegalStateException("the page threw evaluating " + expression + ": " + result.get("exceptionDetails"));
      }
      return result.path("result").path("value");
    }

    /** Waits until a JavaScript expression is true in the page. */
    public void waitUntil(String expression, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!evaluate("!!(" + expression + ")").asBoolean()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the page never showed " + expression + " within " + timeout.toSeconds() + " s; its errors: " + errors);
        }
        Thread.sleep(100);
      }
    }

    /** The console errors, uncaught exceptions and failed loads the page reported so far. */
    public List<String> errors() {
      return List.copyOf(errors);
    }

    /** A PNG of the whole page, however long, written to {@code file}. */
    public Path screenshot(Path file) throws Exception {
      double width = evaluate("document.documentElement.scrollWidth").asDouble();
      double height = evaluate("document.documentElement.scrollHeight").asDouble();
      ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
      params.putObject("clip").put("x", 0).put("y", 0).put("width", width).put("height", height).put("scale", 1);
      byte[] png = Base64.getDecoder().decode(call(session, "Page.captureScreenshot", params).path("data").asText());
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, png);
      return file;
    }

    private void event(String method, JsonNode params) {
      switch (method) {
        case "Page.loadEventFired" -> loaded.complete(null);
        case "Runtime.exceptionThrown" -> errors.add("uncaught: " + params.path("exceptionDetails").path("exception").path("description").asText(
            params.path("exceptionDetails").path("text").asText()));
        case "Runtime.consoleAPICalled" -> {
          if ("error".equals(params.path("type").asText()) || "assert".equals(params.path("type").asText())) {
            errors.add("console.error: " + params.path("args"));
          }
        }
        case "Log.entryAdded" -> {
          if ("error".equals(params.path("entry").path("level").asText())) {
            errors.add("log: " + params.path("entry").path("text").asText() + " " + params.path("entry").path("url").asText());
          }
        }
        default -> { }
      }
    }
  }

  private JsonNode call(String session, String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    if (session != null) {
      message.put("sessionId", session);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    replies.put(id, reply);
    synchronized (socket) {
      socket.sendText(message.toString(), true).get(REPLY.toSeconds(), TimeUnit.SECONDS);
    }
    JsonNode answer = reply.get(REPLY.toSeconds(), TimeUnit.SECONDS);
    if (answer.has("error")) {
      throw new IllegalStateException(method + " failed: " + answer.get("error"));
    }
    return answer.path("result");
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          JsonNode message = JSON.readTree(text);
          if (message.has("id")) {
            CompletableFuture<JsonNode> reply = replies.remove(message.get("id").asInt());
            if (reply != null) {
              reply.complete(message);
            }
          } else if (message.has("sessionId")) {
            Tab tab = tabs.get(message.get("sessionId").asText());
            if (tab != null) {
              tab.event(message.path("method").asText(), message.path("params"));
            }
          }
        } catch (IOException e) {
          replies.values().forEach(r -> r.completeExceptionally(e));
        }
      }
      webSocket.request(1);
      return null;
    }
  }

  private static void drain(BufferedReader stderr) {
    try {
      while (stderr.readLine() != null) {
        // Chromium's own chatter: read so it never blocks on a full pipe
      }
    } catch (IOException ignored) {
      // the browser is gone
    }
  }

  @Override
  public void close() throws Exception {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the browser is stopped below either way
    }
    // Chromium runs as a family of processes (renderers, GPU, network): stop all of them before removing the profile they write to
    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
    process.destroy();
    family.forEach(ProcessHandle::destroy);
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    for (ProcessHandle child : family) {
      try {
        child.onExit().get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        child.destroyForcibly();
      }
    }
    deleteProfile();
  }

  /** Removes the temporary profile; a file that vanished meanwhile is no error. */
  private void deleteProfile() throws IOException {
    List<Path> all;
    try (var files = Files.walk(profile)) {
      all = new ArrayList<>(files.toList());
    } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
      return;
    }
    java.util.Collections.reverse(all);
    for (Path p : all) {
      try {
        Files.deleteIfExists(p);
      } catch (java.nio.file.DirectoryNotEmptyException e) {
        // something appeared after the walk: the system's temporary directory cleaner takes it
      }
    }
  }
}
