package io.hookline.core.service;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.ConfigSource;
import java.time.Duration;
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

  /**
   * Logs a warning for every setting under the service's own prefix (or a shared one) that the
   * service does not read: a misspelt key is said at start, with the key it probably meant.
   */
  public static void warnUnknownSettings(String service, ConfigSource config, io.hookline.core.config.SettingsCatalog settings) {
    for (String warning : settings.unknownKeys(config, service + ".")) {
      log.warn("{}: {}", service, warning);
    }
  }

  /**
   * Starts a service and blocks until the JVM is asked to stop, then closes it. The process ends
   * with one line on standard error and a non-zero exit code, for a supervisor to restart it, when
   * the service cannot start (78 for a setting it refuses, 69 otherwise) or when its {@link
   * Unrecoverable} receives a report while it runs (70).
   */
  public static <S extends AutoCloseable> void runUntilStopped(String name, Callable<S> start, Function<S, Unrecoverable> failures,
      Function<S, String> banner) throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    S service;
    try {
      service = start.call();
    } catch (ConfigException | IllegalArgumentException | org.apache.kafka.common.config.ConfigException e) {
      System.err.println(name + " cannot start, a setting is wrong: " + e.getMessage());
      System.exit(78);
      return;
    } catch (Exception e) {
      System.err.println(name + " cannot start: " + e);
      System.exit(69);
      return;
    }
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
    Unrecoverable unrecoverable = failures.apply(service);
    while (stopped.getCount() > 0) {
      if (unrecoverable.await(Duration.ofMillis(500))) {
        System.err.println(unrecoverable.reason());
        System.exit(70);
      }
    }
  }
}
