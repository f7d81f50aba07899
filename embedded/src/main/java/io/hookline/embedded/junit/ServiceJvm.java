package io.hookline.embedded.junit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a service's {@code main} in a JVM of its own, on the test's classpath and logging
 * configuration, with its output in a file: what a crash test kills and restarts.
 */
public final class ServiceJvm {
  private ServiceJvm() {}

  public static Process start(Class<?> main, String maxHeap, List<String> arguments, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap,
        "-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile", ""),
        "-cp", System.getProperty("java.class.path"),
        main.getName()));
    command.addAll(arguments);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
