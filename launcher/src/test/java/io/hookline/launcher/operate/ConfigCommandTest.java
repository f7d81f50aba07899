package io.hookline.launcher.operate;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.core.config.SettingsCatalog;
import io.hookline.detector.DetectorMain;
import io.hookline.gateway.GatewayMain;
import io.hookline.launcher.CommandRun;
import io.hookline.monitor.MonitorMain;
import io.hookline.trainer.service.TrainerMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hookline config}: every setting from the code, each with its help; a misspelt key is named with the one meant. */
class ConfigCommandTest {

  @Test
  void everySettingOfEveryServiceHasHelpAndTheDetectorsAreAllListed() {
    for (SettingsCatalog catalog : List.of(DetectorMain.settings(), MonitorMain.settings(), TrainerMain.settings(), GatewayMain.settings())) {
      assertThat(catalog.settings()).isNotEmpty().allSatisfy(setting -> assertThat(setting.help()).as(setting.key() + " has no help line").isNotBlank());
    }

    CommandRun run = CommandRun.of("config", "detector");

    assertThat(run.exitCode()).as(run.err()).isZero();
    for (SettingsCatalog.Setting setting : DetectorMain.settings().settings()) {
      assertThat(run.out()).contains(setting.key());
    }
    assertThat(run.out()).containsPattern("detector\\.batch\\.max-size\\s+integer\\s+64\\s+Most records in one transaction")
        .contains("kafka.*").doesNotContain("gateway.milter.port");
    assertThat(CommandRun.of("config").out()).contains("gateway.milter.port", "trainer.store", "monitor.window.kind", "detector.device");
  }

  @Test
  void aMisspeltKeyIsNamedWithTheKeyItProbablyMeant(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("hookline.properties");
    Files.writeString(file, "detector.batch.max-sise=128\ngateway.verdict.timeout=5s\nkafka.client.id=any-client-setting\nmail.limt.parts=9\n");

    CommandRun run = CommandRun.of("config", "detector", "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("unknown setting detector.batch.max.sise (did you mean detector.batch.max-size?)")
        .contains("unknown setting mail.limt.parts")
        .as("another service's keys and Kafka's own are not the detector's business").doesNotContain("gateway.verdict.timeout", "kafka.client.id");
    CommandRun clean = CommandRun.of("config", "gateway", "--config", file.toString());
    assertThat(clean.err()).doesNotContain("gateway.verdict.timeout").contains("unknown setting mail.limt.parts (did you mean mail.limit.parts?)");
    assertThat(CommandRun.of("config", "nothing").exitCode()).isEqualTo(64);
  }
}
