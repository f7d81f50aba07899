package io.hookline.trainer.service;

import io.hookline.core.config.ConfigSource;
import io.hookline.core.modelstore.FileModelStore;
import java.util.concurrent.CountDownLatch;

/** Runs the trainer service until the JVM is asked to stop. */
public final class TrainerMain {
  private TrainerMain() {}

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
