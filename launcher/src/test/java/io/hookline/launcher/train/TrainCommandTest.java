package io.hookline.launcher.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.model.PhishingModel;
import io.hookline.core.modelstore.ModelArtifact;
import io.hookline.launcher.CommandRun;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

  @Test
  void trainsABalancedMixAndSavesAVerifiableArtifact(@TempDir Path models) throws Exception {
    CommandRun run = CommandRun.of("train", "--domains", "easy-ham-1,spam-1", "--per-domain-cap", "150", "--models", models.toString(),
        "--name", "cli", "--model-version", "v1", "--seed", "3");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("on mix domains:easy-ham-1+spam-1: 300 messages").contains("epoch 8/8").contains("Leans on");
    Matcher sha = Pattern.compile("sha256 ([0-9a-f]{64})").matcher(run.out());
    assertThat(sha.find()).isTrue();
    PhishingModel model = ModelArtifact.load(models.resolve("cli/v1"), sha.group(1));
    assertThat(model.metadata().domains()).containsExactly("easy-ham-1", "spam-1");
    assertThat(model.metadata().metrics()).containsKeys("test.f1", "test.accuracy");
    assertThat(model.metadata().metrics().get("test.accuracy")).isGreaterThan(0.9);

    // the saved model on every message of a corpus, warned of the messages it was trained on, found by their content
    CommandRun evaluated = CommandRun.of("evaluate", "--model", models.resolve("cli/v1").toString(), "--split", "all", "--no-cross-domain",
        "--out", models.resolve("report").toString());
    assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
    Matcher seen = Pattern.compile("warning: (\\d+) of 6046 test messages \\([\\d.]+%\\) were in v1's training data").matcher(evaluated.out());
    assertThat(seen.find()).as(evaluated.out()).isTrue();
    assertThat(Integer.parseInt(seen.group(1))).as("the 300 training messages, and any copy of one elsewhere in the corpus").isBetween(290, 330);
    assertThat(evaluated.out()).containsPattern("v1\\s+whole corpus\\s+6046 ");
    CommandRun shiftTest = CommandRun.of("evaluate", "--model", models.resolve("cli/v1").toString(), "--split", "shift", "--no-cross-domain",
        "--out", models.resolve("report").toString());
    assertThat(shiftTest.out()).as("the shift split tests on domains the 2002 model never saw").doesNotContain("warning:")
        .containsPattern("none of the \\d+ test messages was in v1's training data");
  }

  @Test
  void trainsTheEncoderFamilyByNameAndRefusesAnUnknownFamilyNamingTheKnown(@TempDir Path models) throws Exception {
    CommandRun run = CommandRun.of("train", "--domains", "easy-ham-1,spam-1", "--per-domain-cap", "100", "--models", models.toString(),
        "--name", "cli", "--model-version", "enc", "--family", "encoder", "--no-domain-validation", "--seed", "3");

    assertThat(run.exitCode()).as(run.err()).isZero();
    PhishingModel model = ModelArtifact.load(models.resolve("cli/enc"), null);
    assertThat(model.metadata().family()).isEqualTo("encoder");
    assertThat(model.metadata().provenance().engine()).contains("all-minilm-l6-v2-q");
    assertThat(model.metadata().metrics().get("test.accuracy")).isGreaterThan(0.8);

    CommandRun unknown = CommandRun.of("train", "--family", "gpt", "--models", models.toString());
    assertThat(unknown.exitCode()).isEqualTo(64);
    assertThat(unknown.err()).contains("no model family 'gpt'").contains("additive-ngram").contains("cascade").contains("encoder");
  }

  @Test
  void theLoopsRefuseAnUnknownFamilyBeforeStartingAnything(@TempDir Path work) throws Exception {
    for (String verb : List.of("demo", "scenario")) {
      CommandRun unknown = CommandRun.of(verb, "--family", "gpt", "--work-dir", work.resolve(verb).toString());
      assertThat(unknown.exitCode()).as(verb).isEqualTo(64);
      assertThat(unknown.err()).as(verb).contains("no model family 'gpt'").contains("cascade");
      assertThat(work.resolve(verb)).as("%s started nothing", verb).doesNotExist();
    }
  }

  @Test
  void refusesADomainTheCorpusLacks(@TempDir Path models) {
    CommandRun run = CommandRun.of("train", "--domains", "easy-ham-9", "--models", models.toString());

    assertThat(run.exitCode()).isEqualTo(64);
    assertThat(run.err()).contains("easy-ham-9");
  }
}
