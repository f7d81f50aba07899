package io.hookline.detector;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.ConfigSource;
import io.hookline.core.modelstore.FileModelStore;
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
    ConfigSource config;
    try {
      config = ConfigSource.fromArguments(args, System.getenv());
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(64);
      return;
    }
    run(config);
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
