package io.hookline.detector.scoring;

import ai.djl.Device;
import io.hookline.core.model.PhishingModel;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the model in service placed on the inference device. Only the scoring thread calls it, and
 * it scores with nothing else, so the previous copy can be freed as soon as a new model arrives.
 * A model that cannot be placed (device memory, driver) is scored in the JVM instead, and said so.
 */
public final class DevicePlacement implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DevicePlacement.class);

  private final Optional<Device> device;
  private PhishingModel source;
  private PhishingModel placed;

  public DevicePlacement(Optional<Device> device) {
    this.device = device;
  }

  /** The JVM, where no device is used. */
  public static DevicePlacement inJvm() {
    return new DevicePlacement(Optional.empty());
  }

  /** The copy of {@code current} to score with; {@code current} itself when no device is used. */
  public PhishingModel of(PhishingModel current) {
    if (device.isEmpty()) {
      return current;
    }
    if (current != source) {
      close();
      source = current;
      try {
        placed = current.placedOn(device.get());
        log.info("model {} placed on {}", current.metadata().version(), device.get());
      } catch (RuntimeException e) {
        log.error("model {} could not be placed on {}; scoring it in the JVM: {}", current.metadata().version(), device.get(), e.toString());
        placed = current;
      }
    }
    return placed;
  }

  public String deviceName() {
    return device.map(Device::toString).orElse("jvm");
  }

  @Override
  public void close() {
    if (placed != null && placed != source) {
      placed.close();
    }
    placed = null;
    source = null;
  }
}
