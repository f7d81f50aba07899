package io.hookline.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hookline.core.features.FeatureSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model's files and its {@code metadata.json} in a directory, read back through the family its
 * metadata names: what a whole artifact holds (the model store adds the manifest and the
 * reference profile) and what each part of a family made of others holds.
 */
public final class ModelParts {
  public static final String METADATA_FILE = "metadata.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelParts() {}

  /** Writes the model's files and its metadata into {@code directory}, created if missing. */
  public static void write(PhishingModel model, Path directory) throws IOException {
    Files.createDirectories(directory);
    model.writeTo(directory);
    JSON.writeValue(directory.resolve(METADATA_FILE).toFile(), model.metadata());
  }

  /** Reads what {@link #write} wrote, through the family its metadata names; the caller has verified the files. */
  public static PhishingModel read(Path directory) throws IOException {
    ModelMetadata metadata = JSON.readValue(directory.resolve(METADATA_FILE).toFile(), ModelMetadata.class);
    return familyOf(metadata).load(directory, metadata);
  }

  private static ModelFamily familyOf(ModelMetadata metadata) {
    try {
      return ModelFamilies.named(metadata.family(), FeatureSpec.byVersion(metadata.featureSpec()));
    } catch (IllegalArgumentException e) {
      throw new ModelIntegrityException("model " + metadata.name() + " " + metadata.version() + " cannot be read by this build: " + e.getMessage());
    }
  }
}
