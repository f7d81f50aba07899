package io.hookline.monitor;

import io.hookline.core.config.ConfigSource;
import io.hookline.core.modelstore.FileModelStore;
import java.util.concurrent.CountDownLatch;

/** Runs the drift monitor until the JVM is asked to stop. */
public final class MonitorMain {
  private MonitorMain() {}

  public static void run(ConfigSource config) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    MonitorService service = MonitorService.start(MonitorConfig.from(config), new FileModelStore());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "monitor-shutdown"));
    System.out.println("drift monitor started; reports, charts, metrics and health on port " + service.httpPort());
    System.out.flush();
    stopped.await();
  }
}
