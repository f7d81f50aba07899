package io.hookline.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.core.features.TokenField;
import io.hookline.trainer.shortcuts.Shortcuts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportShortcutsTest {

  @Test
  void theReportCarriesEachModelsShortcutsAsTablePlotAndJson(@TempDir Path dir) throws Exception {
    Shortcuts found = new Shortcuts(true, 0.63, List.of(
        new Shortcuts.Feature("tokens as a relay's domain", TokenField.ROUTE_DOMAIN, 0.82, 0.10, 0.082, List.of("'xent.com' (easy-ham-2)")),
        new Shortcuts.Feature("url.count", null, 0.10, 0.02, 0.002, List.of())), 0.084);
    Shortcuts alone = new Shortcuts(false, 0, List.of(new Shortcuts.Feature("tokens in the body", TokenField.BODY, 0, 0.9, 0, List.of())), 0);
    EvaluationReport report = new EvaluationReport("t", List.of(), null, Map.of("generalist", found, "specialist", alone));
    report.writeHtml(dir.resolve("r.html"));
    report.writeJson(dir.resolve("r.json"));

    String html = Files.readString(dir.resolve("r.html"));
    assertThat(html).contains("<h2>Shortcuts</h2>").contains("tokens as a relay&#39;s domain".replace("&#39;", "'"))
        .contains("'xent.com' (easy-ham-2)").containsPattern("id=chart-shortcuts-[01]>").contains("name the corpus 63% better than chance")
        .contains("no probe can tell them apart");
    JsonNode json = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
    assertThat(json.at("/shortcuts/generalist/score").asDouble()).isEqualTo(0.084);
    assertThat(json.at("/shortcuts/generalist/features/0/name").asText()).isEqualTo("tokens as a relay's domain");
    assertThat(json.at("/shortcuts/specialist/separable").asBoolean()).isFalse();
  }
}
