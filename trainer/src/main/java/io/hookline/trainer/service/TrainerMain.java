package io.hookline.trainer.service;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.ConfigSource;
import io.hookline.core.modelstore.FileModelStore;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the trainer as a process of its own ({@code key=value} arguments over {@code HOOKLINE_*}
 * variables over an optional {@code config=FILE}) until the JVM is asked to stop.
 */
public final class TrainerMain {
  private TrainerMain() {}

  public static void main(String[] args) throws Exception {
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

  public static void run(ConfigSource config) throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    TrainerService service = TrainerService.start(TrainerConfig.from(config), new FileModelStore());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "trainer-shutdown"));
    System.out.println("trainer started; API, metrics and health on port " + service.httpPort());
    System.out.flush();
    stopped.await();
  }
}
