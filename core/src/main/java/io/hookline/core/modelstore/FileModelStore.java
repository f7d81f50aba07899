package io.hookline.core.modelstore;

import io.hookline.core.model.ModelArtifact;
import io.hookline.core.model.PhishingModel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** Artifacts in a directory tree, named by {@code file:} URIs. */
public final class FileModelStore implements ModelStore {

  @Override
  public PhishingModel load(URI location, String sha256) throws IOException {
    if (!"file".equals(location.getScheme())) {
      throw new IOException("the file model store cannot load " + location + ": only file: locations");
    }
    return ModelArtifact.load(Path.of(location), sha256);
  }
}
