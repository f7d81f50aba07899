package io.hookline.core.service;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a service's threads report that the service cannot go on (fenced by another instance,
 * refused credentials, a configuration the Kafka client rejects). The first report wins; the
 * process ends with one clear line and a non-zero exit code (see {@link ServiceProcess}), so a
 * supervisor restarts it instead of a process that stays up with its work threads dead.
 */
public final class Unrecoverable {
  private static final Logger log = LoggerFactory.getLogger(Unrecoverable.class);

  private final String service;
  private final AtomicReference<String> reason = new AtomicReference<>();
  private final CountDownLatch reported = new CountDownLatch(1);

  public Unrecoverable(String service) {
    this.service = service;
  }

  /** Records why {@code component} cannot go on; later reports are logged only. */
  public void report(String component, Throwable cause) {
    String line = service + " cannot go on: " + component + ": " + describe(cause);
    if (reason.compareAndSet(null, line)) {
      log.error(line);
      reported.countDown();
    } else {
      log.warn("also: {}", line);
    }
  }

  /** The first report's line, or null while the service can go on. */
  public String reason() {
    return reason.get();
  }

  public boolean reported() {
    return reason.get() != null;
  }

  /** Waits up to {@code timeout} for a report; true if there is one. */
  public boolean await(Duration timeout) throws InterruptedException {
    return reported.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
