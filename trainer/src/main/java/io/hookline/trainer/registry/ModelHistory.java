package io.hookline.trainer.registry;

import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's versions as {@code model.events} tells them, oldest first: the last event of each
 * version, which one serves (the latest PROMOTED or ROLLED_BACK), and the operator's moves,
 * promote and roll back, as the events that make them; and, from the detectors' reports, which
 * version each detector actually serves and what it last refused. Compaction keeps each version's
 * latest lifecycle event and each detector's latest report of each kind.
 */
public final class ModelHistory {
  private final String model;
  private final List<ModelEvent> events = new ArrayList<>();
  private final Map<String, ModelEvent> loaded = new LinkedHashMap<>();
  private final Map<String, ModelEvent> refused = new LinkedHashMap<>();

  public ModelHistory(String model) {
    this.model = model;
  }

  public synchronized void add(ModelEvent event) {
    if (event == null || !model.equals(event.getModel().getName())) {
      return;
    }
    if (event.getReportedBy() == null) {
      events.add(event);
    } else if (event.getKind() == ModelEventKind.LOADED) {
      loaded.put(event.getReportedBy(), event);
    } else if (event.getKind() == ModelEventKind.REFUSED) {
      refused.put(event.getReportedBy(), event);
    }
  }

  /** Each detector's latest LOADED report, by detector: the version it serves. */
  public synchronized Map<String, ModelEvent> servedBy() {
    return Map.copyOf(loaded);
  }

  /** Each detector's latest REFUSED report, by detector, when it came after its latest load: a promotion it would not serve. */
  public synchronized Map<String, ModelEvent> refusedBy() {
    Map<String, ModelEvent> standing = new LinkedHashMap<>();
    refused.forEach((detector, report) -> {
      ModelEvent load = loaded.get(detector);
      if (load == null || report.getOccurredAt().isAfter(load.getOccurredAt())) {
        standing.put(detector, report);
      }
    });
    return standing;
  }

  /** Each version's latest event, in the order the versions first appeared. */
  public synchronized List<ModelEvent> versions() {
    Map<String, ModelEvent> latest = new LinkedHashMap<>();
    for (ModelEvent event : events) {
      latest.put(event.getModel().getVersion(), event);
    }
    return List.copyOf(latest.values());
  }

  /** The versions that served, in order, each listed where it (last) began to serve. */
  private List<ModelEvent> servings() {
    List<ModelEvent> servings = new ArrayList<>();
    for (ModelEvent event : events) {
      if (event.getKind() == ModelEventKind.PROMOTED || event.getKind() == ModelEventKind.ROLLED_BACK) {
        servings.add(event);
      }
    }
    return servings;
  }

  public synchronized Optional<ModelEvent> serving() {
    List<ModelEvent> servings = servings();
    return servings.isEmpty() ? Optional.empty() : Optional.of(servings.get(servings.size() - 1));
  }

  /** The event that puts {@code version} in service: it must have been published with an artifact. */
  public synchronized ModelEvent promote(String version, String reason, Instant now) {
    ModelEvent known = versions().stream().filter(e -> e.getModel().getVersion().equals(version)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("model.events knows no version " + version + " of " + model));
    return retold(known, ModelEventKind.PROMOTED, reason, now);
  }

  /** The event that puts back the version that served before the current one, or {@code to} when given. */
  public synchronized ModelEvent rollback(Optional<String> to, String reason, Instant now) {
    if (to.isPresent()) {
      return retold(promoteTarget(to.get()), ModelEventKind.ROLLED_BACK, reason, now);
    }
    String current = serving().map(e -> e.getModel().getVersion())
        .orElseThrow(() -> new IllegalStateException("no version of " + model + " is in service: nothing to roll back"));
    List<ModelEvent> servings = servings();
    for (int i = servings.size() - 1; i >= 0; i--) {
      if (!servings.get(i).getModel().getVersion().equals(current)) {
        return retold(servings.get(i), ModelEventKind.ROLLED_BACK, reason, now);
      }
    }
    throw new IllegalStateException("no earlier version of " + model + " served before " + current + ": name one with --to");
  }

  private ModelEvent promoteTarget(String version) {
    return versions().stream().filter(e -> e.getModel().getVersion().equals(version)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("model.events knows no version " + version + " of " + model));
  }

  private static ModelEvent retold(ModelEvent known, ModelEventKind kind, String reason, Instant now) {
    if (known.getLocation() == null || known.getLocation().isBlank()) {
      throw new IllegalArgumentException("version " + known.getModel().getVersion() + " has no artifact location");
    }
    return ModelEvent.newBuilder(known).setKind(kind).setOccurredAt(now).setRequestId(null).setReason(reason).build();
  }
}
