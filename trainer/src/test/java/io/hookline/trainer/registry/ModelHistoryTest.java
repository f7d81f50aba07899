package io.hookline.trainer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.avro.ModelRef;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelHistoryTest {

  @Test
  void knowsWhatServesAndRollsBackToWhatServedBefore() {
    ModelHistory history = new ModelHistory("phish");
    history.add(event("v1", ModelEventKind.PUBLISHED));
    history.add(event("v1", ModelEventKind.PROMOTED));
    history.add(event("v2", ModelEventKind.PUBLISHED));
    history.add(event("v2", ModelEventKind.REJECTED));
    history.add(event("v3", ModelEventKind.PUBLISHED));
    history.add(event("v3", ModelEventKind.PROMOTED));
    history.add(ModelEvent.newBuilder(event("x1", ModelEventKind.PROMOTED)).setModel(new ModelRef("other", "x1")).build());

    assertThat(history.versions()).extracting(e -> e.getModel().getVersion() + ":" + e.getKind())
        .containsExactly("v1:PROMOTED", "v2:REJECTED", "v3:PROMOTED");
    assertThat(history.serving()).get().extracting(e -> e.getModel().getVersion()).isEqualTo("v3");

    ModelEvent back = history.rollback(Optional.empty(), "v3 misbehaves", Instant.EPOCH);
    assertThat(back.getKind()).isEqualTo(ModelEventKind.ROLLED_BACK);
    assertThat(back.getModel().getVersion()).isEqualTo("v1");
    assertThat(back.getLocation()).isEqualTo("file:/models/phish/v1");
    assertThat(back.getReason()).isEqualTo("v3 misbehaves");
    history.add(back);
    assertThat(history.serving()).get().extracting(e -> e.getModel().getVersion()).isEqualTo("v1");

    ModelEvent promoted = history.promote("v2", "operator overrides the rejection", Instant.EPOCH);
    assertThat(promoted.getKind()).isEqualTo(ModelEventKind.PROMOTED);
    assertThat(promoted.getSha256()).isEqualTo("sha-v2");
    assertThatThrownBy(() -> history.promote("v9", "", Instant.EPOCH)).hasMessageContaining("no version v9");
    assertThatThrownBy(() -> new ModelHistory("phish").rollback(Optional.empty(), "", Instant.EPOCH)).hasMessageContaining("nothing to roll back");
  }

  @Test
  void knowsWhatEachDetectorServesAndWhichPromotionItRefused() {
    ModelHistory history = new ModelHistory("phish");
    history.add(event("v1", ModelEventKind.PROMOTED));
    history.add(report("v1", ModelEventKind.LOADED, "detector-a", 1));
    history.add(report("v1", ModelEventKind.LOADED, "detector-b", 1));
    history.add(event("v2", ModelEventKind.PROMOTED));
    history.add(report("v2", ModelEventKind.LOADED, "detector-a", 2));
    history.add(report("v2", ModelEventKind.REFUSED, "detector-b", 2));

    assertThat(history.versions()).extracting(e -> e.getModel().getVersion() + ":" + e.getKind()).containsExactly("v1:PROMOTED", "v2:PROMOTED");
    assertThat(history.serving()).get().extracting(e -> e.getModel().getVersion()).isEqualTo("v2");
    assertThat(history.servedBy()).extractingFromEntries(e -> e.getKey() + ":" + e.getValue().getModel().getVersion())
        .containsExactlyInAnyOrder("detector-a:v2", "detector-b:v1");
    assertThat(history.refusedBy()).containsOnlyKeys("detector-b");

    history.add(report("v3", ModelEventKind.LOADED, "detector-b", 3)); // a later load supersedes the refusal
    assertThat(history.refusedBy()).isEmpty();
  }

  private static ModelEvent report(String version, ModelEventKind kind, String detector, long at) {
    return ModelEvent.newBuilder(event(version, kind)).setReportedBy(detector).setOccurredAt(Instant.ofEpochSecond(at)).build();
  }

  private static ModelEvent event(String version, ModelEventKind kind) {
    return ModelEvent.newBuilder().setModel(new ModelRef("phish", version)).setKind(kind).setOccurredAt(Instant.EPOCH)
        .setFamily("additive").setFeatureSpecVersion("fs-1").setLocation("file:/models/phish/" + version).setSha256("sha-" + version).build();
  }
}
