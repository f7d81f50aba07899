package io.hookline.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.junit.EmbeddedStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every user error of the command line, in a table: its documented exit code, one line of error, no stack trace. */
@ExtendWith(EmbeddedStackExtension.class)
class CliErrorsTest {

  record Case(String what, int exitCode, String says, String... args) {}

  @Test
  void everyUserErrorExitsWithItsCodeAndOneLineWithoutAStackTrace(EmbeddedStack stack, @TempDir Path dir) {
    Topics.provision(stack);
    String missing = dir.resolve("no-such.eml").toString();
    String[] connection = {"--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", stack.schemaRegistryUrl()};
    List<Case> cases = List.of(
        new Case("an unknown flag", CliErrors.USAGE, "Unknown option: '--bogus'", "train", "--bogus"),
        new Case("a malformed duration", CliErrors.USAGE, "'soon' is not a duration", "verdicts", "--idle-exit", "soon"),
        new Case("a missing message file to submit", CliErrors.NO_INPUT, "no such file: " + missing, concat(new String[] {"submit", missing}, connection)),
        new Case("a missing labels file", CliErrors.NO_INPUT, "no such file", concat(new String[] {"feedback", "--file", missing}, connection)),
        new Case("a missing corpus", CliErrors.NO_INPUT, "no-such.eml", "train", "--corpus", "eml:" + missing + ":phishing:x", "--models", dir.toString()),
        new Case("an unknown model version", CliErrors.DATA, "never-published",
            concat(new String[] {"models", "promote", "never-published", "--model", "cli-errors"}, connection)),
        new Case("nothing to roll back", CliErrors.DATA, "cli-errors", concat(new String[] {"models", "rollback", "--model", "cli-errors"}, connection)),
        new Case("a wrong Kafka setting", CliErrors.CONFIG, "security.protocol",
            concat(new String[] {"verdicts", "--max-records", "1"}, connection, new String[] {"--config", writeConfig(dir, "kafka.security.protocol=SASL_TLS")})));
    List<String> problems = new ArrayList<>();
    for (Case c : cases) {
      CommandRun run = CommandRun.of(c.args());
      String err = run.err();
      if (run.exitCode() != c.exitCode()) {
        problems.add(c.what() + ": exit " + run.exitCode() + " instead of " + c.exitCode() + "\n" + err);
      }
      if (!err.contains(c.says())) {
        problems.add(c.what() + ": does not say '" + c.says() + "'\n" + err);
      }
      if (err.contains("\tat ") || err.contains("Exception in thread") || err.lines().count() > 3) {
        problems.add(c.what() + ": more than a short message\n" + err);
      }
    }
    assertThat(problems).as(String.join("\n\n", problems)).isEmpty();
  }

  @Test
  void everyVerbHasItsHelp() {
    var root = new picocli.CommandLine(new HooklineCommand());
    for (String verb : root.getSubcommands().keySet()) {
      CommandRun help = CommandRun.of(verb, "--help");
      assertThat(help.exitCode()).as(verb + ": " + help.err()).isZero();
      assertThat(help.out()).as(verb).contains("Usage: hookline " + verb);
    }
    assertThat(CommandRun.of("train", "--help").out()).contains("--model-version").contains("-V, --version");
  }

  private static String writeConfig(Path dir, String line) {
    Path file = dir.resolve("wrong.properties");
    try {
      java.nio.file.Files.writeString(file, line + "\n", StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return file.toString();
  }

  private static String[] concat(String[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
  }
}
