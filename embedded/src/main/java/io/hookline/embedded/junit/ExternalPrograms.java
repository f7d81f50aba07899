package io.hookline.embedded.junit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the outside programs some integration tests drive (kcat, node, prometheus).
 *
 * <p>Where one is missing, the test is skipped with the reason, except under CI ({@code
 * CI=true}), where {@code .ci/run} installs them: there a missing program fails the test, so
 * nothing is skipped silently.
 */
public final class ExternalPrograms {
  private ExternalPrograms() {}

  /** The program's path; skips the test (or fails it under CI) when it is not on the PATH. */
  public static Path require(String program, String installHint) {
    Optional<Path> found = onPath(program);
    if (found.isEmpty()) {
      unavailable(program + " is not on the PATH (" + installHint + ")");
    }
    return found.orElseThrow();
  }

  /**
   * The program's path, on the PATH or in one of {@code usualPlaces} (daemons live in /usr/sbin,
   * which a user's PATH often lacks); skips the test (or fails it under CI) when it is in neither.
   */
  public static Path require(String program, String installHint, Path... usualPlaces) {
    Optional<Path> found = onPath(program);
    for (int i = 0; found.isEmpty() && i < usualPlaces.length; i++) {
      if (Files.isExecutable(usualPlaces[i])) {
        found = Optional.of(usualPlaces[i]);
      }
    }
    if (found.isEmpty()) {
      unavailable(program + " is neither on the PATH nor in " + java.util.Arrays.toString(usualPlaces) + " (" + installHint + ")");
    }
    return found.orElseThrow();
  }

  /** Skips the test (or fails it under CI) when the condition a test needs does not hold, with the reason. */
  public static void requireThat(boolean condition, String reason) {
    if (!condition) {
      unavailable(reason);
    }
  }

  /** Skips the test (or fails it under CI) when a file the test needs is missing. */
  public static Path requireFile(Path file, String installHint) {
    if (!Files.exists(file)) {
      unavailable(file + " is missing (" + installHint + ")");
    }
    return file;
  }

  /** The project's root directory, as the build passes it to tests. */
  public static Path projectRoot() {
    String root = System.getProperty("hookline.projectRoot");
    return root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root);
  }

  private static void unavailable(String reason) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI must provide this test's programs, but " + reason);
    }
    Assumptions.abort("skipped: " + reason);
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
