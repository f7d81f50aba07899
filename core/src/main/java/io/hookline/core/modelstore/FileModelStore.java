package io.hookline.core.modelstore;

import io.hookline.core.model.ModelArtifact;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.profile.Reference;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** Artifacts in a directory tree, named by {@code file:} URIs. */
public final class FileModelStore implements ModelStore {

  @Override
  public PhishingModel load(URI location, String sha256) throws IOException {
    return ModelArtifact.load(directory(location), sha256);
  }

  @Override
  public Reference loadReference(URI location, String sha256) throws IOException {
    return ModelArtifact.loadReference(directory(location), sha256);
  }

  private static Path directory(URI location) throws IOException {
    if (!"file".equals(location.getScheme())) {
      throw new IOException("the file model store cannot load " + location + ": only file: locations");
    }
    return Path.of(location);
  }
}
