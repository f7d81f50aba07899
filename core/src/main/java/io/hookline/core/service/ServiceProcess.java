package io.hookline.core.service;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.ConfigSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every service does as a process: read its configuration, start, say where it listens, and stop cleanly on SIGTERM. */
public final class ServiceProcess {
  private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);

  private ServiceProcess() {}

  /**
   * The configuration of a {@code main}: {@code key=value} arguments over {@code HOOKLINE_*}
   * variables over an optional {@code config=FILE}; a malformed argument ends the process with
   * exit code 64 (usage).
   */
  public static ConfigSource configuration(String[] args) {
    if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
      System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "io.hookline.avro");
    }
    try {
      return ConfigSource.fromArguments(args, System.getenv());
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(64);
      throw e;
    }
  }

  /** Starts a service and blocks until the JVM is asked to stop, then closes it. */
  public static <S extends AutoCloseable> void runUntilStopped(String name, Callable<S> start, Function<S, String> banner) throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    S service = start.call();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        service.close();
      } catch (Exception e) {
        log.warn("{} did not close cleanly: {}", name, e.toString());
      }
      stopped.countDown();
    }, name + "-shutdown"));
    System.out.println(banner.apply(service));
    System.out.flush();
    stopped.await();
  }
}
