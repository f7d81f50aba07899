package io.hookline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.schemas.registry.CompatibilityLevel;
import io.hookline.schemas.registry.JavaSchemaProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every contract must stay BACKWARD compatible with its last released version: a consumer built
 * from today's schemas must read what producers of the released version wrote.
 *
 * <p>Released versions live in {@code schemas/released/<version>/<Name>.avsc}, self-contained.
 * To record a release: {@code mvn -pl schemas test -Dtest=ContractCompatibilityTest
 * -Dhookline.recordRelease=<version>}.
 */
class ContractCompatibilityTest {
  private static final Path RELEASED = Path.of("released");
  /** Contracts added since the last release: recorded with the next one, and checked from then on. */
  private static final java.util.Set<Class<?>> NEW_SINCE_THE_LAST_RELEASE = java.util.Set.of(io.hookline.avro.LabelRequest.class);

  static Stream<Class<? extends org.apache.avro.specific.SpecificRecord>> contracts() {
    return Contracts.ALL.stream();
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void isBackwardCompatibleWithTheLastRelease(Class<? extends org.apache.avro.specific.SpecificRecord> type) throws IOException {
    recordReleaseIfAsked(type);
    Schema current = JavaSchemaProperties.strip(Contracts.schemaOf(type));
    Path releasedFile = lastRelease().resolve(current.getName() + ".avsc");
    if (NEW_SINCE_THE_LAST_RELEASE.contains(type)) {
      assertThat(releasedFile).as("%s is new since the last release", current.getName()).doesNotExist();
      return; // nothing written with an older version to stay compatible with
    }
    assertThat(releasedFile).as("released version of %s", current.getName()).exists();
    Schema released = new Schema.Parser().parse(Files.readString(releasedFile));

    assertThat(CompatibilityLevel.BACKWARD.problems(current, List.of(released))).isEmpty();
  }

  @Test
  void theCheckCatchesAFieldAddedWithoutADefault() throws IOException {
    Schema released = new Schema.Parser().parse(Files.readString(lastRelease().resolve("LabelFeedback.avsc")));
    Schema broken =
        SchemaBuilder.record("LabelFeedback").namespace("io.hookline.avro").fields()
            .requiredString("messageId")
            .requiredString("tenant")
            .requiredString("analystTeam") // old data has no value for it
            .endRecord();

    assertThat(CompatibilityLevel.BACKWARD.problems(broken, List.of(released)))
        .anySatisfy(p -> assertThat(p).contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("analystTeam"));
  }

  @Test
  void everyFieldOfEveryContractIsDocumented() {
    for (var type : Contracts.ALL) {
      assertDocumented(Contracts.schemaOf(type), new java.util.HashSet<>());
    }
  }

  private static void assertDocumented(Schema schema, java.util.Set<String> seen) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        assertThat(schema.getDoc()).as("doc of record %s", schema.getFullName()).isNotBlank();
        for (Schema.Field field : schema.getFields()) {
          assertThat(field.doc()).as("doc of %s.%s", schema.getName(), field.name()).isNotBlank();
          assertDocumented(field.schema(), seen);
        }
      }
      case UNION -> schema.getTypes().forEach(t -> assertDocumented(t, seen));
      case ARRAY -> assertDocumented(schema.getElementType(), seen);
      case MAP -> assertDocumented(schema.getValueType(), seen);
      case ENUM -> assertThat(schema.getDoc()).as("doc of enum %s", schema.getFullName()).isNotBlank();
      default -> { }
    }
  }

  private static Path lastRelease() throws IOException {
    try (Stream<Path> releases = Files.list(RELEASED)) {
      return releases
          .filter(Files::isDirectory)
          .max(Comparator.comparing(ContractCompatibilityTest::versionKey))
          .orElseThrow(() -> new AssertionError("no released schemas under " + RELEASED.toAbsolutePath()));
    }
  }

  /** Orders 0.9 before 0.10. */
  private static String versionKey(Path release) {
    StringBuilder key = new StringBuilder();
    for (String part : release.getFileName().toString().split("\\.")) {
      key.append(String.format("%08d", Integer.parseInt(part.replaceAll("\\D", "0"))));
    }
    return key.toString();
  }

  private static void recordReleaseIfAsked(Class<? extends org.apache.avro.specific.SpecificRecord> type) throws IOException {
    String version = System.getProperty("hookline.recordRelease");
    if (version == null || version.isBlank()) {
      return;
    }
    Schema schema = JavaSchemaProperties.strip(Contracts.schemaOf(type));
    Path dir = Files.createDirectories(RELEASED.resolve(version));
    Files.writeString(dir.resolve(schema.getName() + ".avsc"), SchemaFormatter.format("json/pretty", schema) + "\n", StandardCharsets.UTF_8);
  }
}
