package io.hookline.detector;

import io.hookline.core.config.ConfigSource;
import io.hookline.core.modelstore.FileModelStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the detector as a process of its own: {@code key=value} arguments override the
 * environment ({@code HOOKLINE_*}) and an optional {@code config=FILE}. Stops cleanly on SIGTERM.
 */
public final class DetectorMain {
  private DetectorMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.hookline.avro");
    }
    Map<String, String> flags = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (equals <= 0) {
        System.err.println("arguments are key=value, got: " + arg);
        System.exit(64);
      }
      flags.put(arg.substring(0, equals), arg.substring(equals + 1));
    }
    String file = flags.remove("config");
    run(ConfigSource.layered(file == null ? null : Path.of(file), System.getenv(), flags));
  }

  /** Starts the detector and blocks until the JVM is asked to stop. */
  public static void run(ConfigSource config) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    DetectorService service = DetectorService.start(DetectorConfig.from(config), new FileModelStore());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "detector-shutdown"));
    System.out.println("detector started; metrics and health on port " + service.httpPort());
    System.out.flush();
    stopped.await();
  }
}
