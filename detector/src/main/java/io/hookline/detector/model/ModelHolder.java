package io.hookline.detector.model;

import io.hookline.core.model.PhishingModel;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model in service. The scoring loop reads it once per batch, so a swap takes effect between
 * batches: no message is scored by two models or dropped while the model changes.
 */
public final class ModelHolder {
  private final AtomicReference<PhishingModel> current = new AtomicReference<>();

  /** The model in service, or null before the first one loads. */
  public PhishingModel current() {
    return current.get();
  }

  /** Puts a model in service; returns the one it replaces, or null. */
  public PhishingModel swap(PhishingModel next) {
    return current.getAndSet(next);
  }
}
