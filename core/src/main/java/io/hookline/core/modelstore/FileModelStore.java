package io.hookline.core.modelstore;

import io.hookline.core.model.PhishingModel;
import io.hookline.core.profile.Reference;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Artifacts in a directory tree, named by {@code file:} URIs. With a signing key, artifacts are
 * signed when sealed and refused on load unless signed with that key (see {@link ArtifactSignature}).
 */
public final class FileModelStore implements ModelStore {
  private final ArtifactSignature signature;

  public FileModelStore(ArtifactSignature signature) {
    this.signature = signature;
  }

  /** A store that neither signs nor checks signatures. */
  public FileModelStore() {
    this(ArtifactSignature.none());
  }

  @Override
  public PhishingModel load(URI location, String sha256) throws IOException {
    Path directory = directory(location);
    signature.verify(directory);
    return ModelArtifact.load(directory, sha256);
  }

  @Override
  public Reference loadReference(URI location, String sha256) throws IOException {
    Path directory = directory(location);
    signature.verify(directory);
    return ModelArtifact.loadReference(directory, sha256);
  }

  @Override
  public void seal(URI location) throws IOException {
    signature.sign(directory(location));
  }

  private static Path directory(URI location) throws IOException {
    if (!"file".equals(location.getScheme())) {
      throw new IOException("the file model store cannot load " + location + ": only file: locations");
    }
    return Path.of(location);
  }
}
