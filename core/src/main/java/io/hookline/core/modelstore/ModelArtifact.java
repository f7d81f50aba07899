package io.hookline.core.modelstore;

import io.hookline.core.model.ModelIntegrityException;
import io.hookline.core.model.ModelParts;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.profile.ProfileBuilder;
import io.hookline.core.profile.Reference;
import io.hookline.core.profile.ReferenceProfile;
import io.hookline.core.profile.TrainingMessages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A model on disk, as the model store writes and reads it: a directory
 * {@code <root>/<name>/<version>/} with the model's files and {@code metadata.json} ({@link
 * ModelParts}), its reference profile, and {@code MANIFEST.sha256} listing the SHA-256 of every
 * other file. The
 * SHA-256 of the manifest itself is the artifact's checksum, published in {@code ModelEvent}s.
 *
 * <p>Saving writes into a hidden sibling directory and renames it into place, so no reader ever
 * sees a partial artifact. Loading checks every file against the manifest (and the manifest
 * against the expected checksum, when given) before anything is read.
 */
public final class ModelArtifact {
  public static final String METADATA_FILE = ModelParts.METADATA_FILE;
  public static final String MANIFEST_FILE = "MANIFEST.sha256";
  /** Who published the artifact, when the store signs (see {@code ArtifactSignature}); outside the manifest, which it signs. */
  public static final String SIGNATURE_FILE = "SIGNATURE";

  /** A saved artifact: where it is and its checksum. */
  public record Stored(Path directory, String sha256) {}

  private ModelArtifact() {}

  public static Stored save(PhishingModel model, Path root) throws IOException {
    return save(model, null, root);
  }

  /** Saves a model with the reference profile of its training data (null for none). */
  public static Stored save(PhishingModel model, ProfileBuilder.Built profile, Path root) throws IOException {
    var metadata = model.metadata();
    Path parent = Files.createDirectories(root.resolve(metadata.name()));
    Path target = parent.resolve(metadata.version());
    if (Files.exists(target)) {
      throw new IOException("model " + metadata.name() + " version " + metadata.version() + " already exists at " + target);
    }
    Path staging = Files.createDirectory(parent.resolve(".staging-" + metadata.version() + "-" + UUID.randomUUID()));
    try {
      ModelParts.write(model, staging);
      if (profile != null) {
        profile.profile().write(staging, profile.vocabulary());
        if (profile.trainingMessages().length > 0) {
          TrainingMessages.write(staging, profile.trainingMessages());
        }
      }
      String manifest = manifest(staging);
      Files.writeString(staging.resolve(MANIFEST_FILE), manifest, StandardCharsets.UTF_8);
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the model store at " + root + " cannot rename atomically", e);
      }
      return new Stored(target, sha256(manifest.getBytes(StandardCharsets.UTF_8)));
    } finally {
      deleteQuietly(staging);
    }
  }

  /** Loads and verifies an artifact; {@code expectedSha256} may be null when no event names one. */
  public static PhishingModel load(Path directory, String expectedSha256) throws IOException {
    verify(directory, expectedSha256);
    return ModelParts.read(directory);
  }

  /** The reference profile stored with a verified artifact; an artifact saved without one is refused. */
  public static Reference loadReference(Path directory, String expectedSha256) throws IOException {
    verify(directory, expectedSha256);
    if (!Files.isRegularFile(directory.resolve(ReferenceProfile.PROFILE_FILE))) {
      throw new ModelIntegrityException("model at " + directory + " was saved without a reference profile");
    }
    return new Reference(ReferenceProfile.read(directory), ReferenceProfile.readVocabulary(directory));
  }

  /**
   * The content hashes of the messages a verified artifact was trained on (see {@link
   * io.hookline.core.corpus.ContentHash}); empty for one saved without them.
   */
  public static java.util.Optional<long[]> trainingMessages(Path directory) throws IOException {
    verify(directory, null);
    return TrainingMessages.read(directory);
  }

  /** Checks every file against the manifest, and the manifest against the published checksum. */
  private static void verify(Path directory, String expectedSha256) throws IOException {
    Path manifestFile = directory.resolve(MANIFEST_FILE);
    if (!Files.isRegularFile(manifestFile)) {
      throw new ModelIntegrityException("model at " + directory + " has no " + MANIFEST_FILE + ": not a complete artifact");
    }
    byte[] manifestBytes = Files.readAllBytes(manifestFile);
    String manifestSha = sha256(manifestBytes);
    if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(manifestSha)) {
      throw new ModelIntegrityException(
          "model at " + directory + " has manifest checksum " + manifestSha + " but " + expectedSha256 + " was published");
    }
    Map<String, String> listed = parseManifest(new String(manifestBytes, StandardCharsets.UTF_8), directory);
    Map<String, String> actual = digests(directory);
    if (!actual.keySet().equals(listed.keySet())) {
      throw new ModelIntegrityException("model at " + directory + " holds files " + actual.keySet() + " but its manifest lists " + listed.keySet());
    }
    for (var entry : listed.entrySet()) {
      if (!entry.getValue().equalsIgnoreCase(actual.get(entry.getKey()))) {
        throw new ModelIntegrityException("model at " + directory + ": " + entry.getKey() + " does not match its checksum in the manifest");
      }
    }
  }

  /** The artifact's checksum, as {@link #save} reported it. */
  public static String checksum(Path directory) throws IOException {
    return sha256(Files.readAllBytes(directory.resolve(MANIFEST_FILE)));
  }

  private static String manifest(Path directory) throws IOException {
    StringBuilder manifest = new StringBuilder();
    digests(directory).forEach((name, digest) -> manifest.append(digest).append("  ").append(name).append('\n'));
    return manifest.toString();
  }

  private static Map<String, String> parseManifest(String manifest, Path directory) {
    Map<String, String> listed = new LinkedHashMap<>();
    for (String line : manifest.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      int split = line.indexOf("  ");
      if (split != 64) {
        throw new ModelIntegrityException("model at " + directory + " has a malformed manifest line: " + line);
      }
      listed.put(line.substring(split + 2), line.substring(0, split));
    }
    return listed;
  }

  /** SHA-256 of every regular file but the manifest and the signature, by relative path, in path order. */
  private static Map<String, String> digests(Path directory) throws IOException {
    Map<String, String> digests = new java.util.TreeMap<>();
    List<Path> files;
    // a family made of others (the cascade) keeps each part in a directory of its own: every file counts, at any depth
    try (Stream<Path> list = Files.walk(directory)) {
      files = list.filter(Files::isRegularFile)
          .filter(p -> !p.equals(directory.resolve(MANIFEST_FILE)) && !p.equals(directory.resolve(SIGNATURE_FILE))).toList();
    }
    for (Path file : files) {
      MessageDigest digest = newDigest();
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      digests.put(directory.relativize(file).toString().replace(java.io.File.separatorChar, '/'), HexFormat.of().formatHex(digest.digest()));
    }
    return digests;
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static void deleteQuietly(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover staging directory is ignored by readers
    }
  }
}
