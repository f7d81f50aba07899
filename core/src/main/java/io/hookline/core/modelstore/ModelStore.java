package io.hookline.core.modelstore;

import io.hookline.core.model.PhishingModel;
import io.hookline.core.profile.Reference;
import java.io.IOException;
import java.net.URI;

/**
 * Where model artifacts live. A {@code ModelEvent} names an artifact by location and checksum;
 * the store resolves the location and refuses an artifact whose checksum differs.
 */
public interface ModelStore {

  /** Loads and verifies the artifact at a location this store understands. */
  PhishingModel load(URI location, String sha256) throws IOException;

  /** Loads and verifies the reference profile stored with the artifact at a location. */
  Reference loadReference(URI location, String sha256) throws IOException;

  /**
   * Marks a saved artifact as published by this store's holder, before it is announced: signs it
   * when the store has a signing key, so that stores with the same key load it and no other
   * artifact.
   */
  void seal(URI location) throws IOException;
}
