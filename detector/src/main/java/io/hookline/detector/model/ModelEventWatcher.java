package io.hookline.detector.model;

import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.modelstore.ModelStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code model.events} from its beginning: the latest PROMOTED or ROLLED_BACK event of the
 * configured model names the version to serve. Each is loaded and verified against its published
 * checksum (and signature, when the store has a key); one that fails stays out of service, the
 * previous model keeps scoring, and the outcome is counted ({@code
 * hookline_model_loads_total{outcome}}), logged, and reported on {@code model.events} as this
 * instance's LOADED or REFUSED event, so that operators, the trainer and {@code hookline models
 * list} know which version each detector actually serves, not only which one was promoted.
 */
public final class ModelEventWatcher {
  private static final Logger log = LoggerFactory.getLogger(ModelEventWatcher.class);

  private final String modelName;
  private final ModelStore store;
  private final ModelHolder holder;
  private final MeterRegistry metrics;
  private final String instance;
  private final Consumer<ModelEvent> reports;

  /**
   * @param instance how this detector names itself in its reports (its transactional id)
   * @param reports where its LOADED and REFUSED events go
   */
  public ModelEventWatcher(String modelName, ModelStore store, ModelHolder holder, MeterRegistry metrics, String instance,
      Consumer<ModelEvent> reports) {
    this.modelName = modelName;
    this.store = store;
    this.holder = holder;
    this.metrics = metrics;
    this.instance = instance;
    this.reports = reports;
  }

  private ModelEvent report(ModelEvent event, ModelEventKind kind, String reason) {
    return ModelEvent.newBuilder(event).setKind(kind).setOccurredAt(Instant.now()).setRequestId(null).setReason(reason)
        .setReportedBy(instance).build();
  }

  /** Acts on one event of {@code model.events}, read from the beginning. */
  public void handle(ModelEvent event) {
    if (event == null || !modelName.equals(event.getModel().getName())) {
      return;
    }
    if (event.getKind() != ModelEventKind.PROMOTED && event.getKind() != ModelEventKind.ROLLED_BACK) {
      return;
    }
    String version = event.getModel().getVersion();
    PhishingModel current = holder.current();
    if (current != null && current.metadata().version().equals(version)) {
      return;
    }
    try {
      PhishingModel next = store.load(URI.create(event.getLocation()), event.getSha256());
      if (!next.metadata().name().equals(modelName) || !next.metadata().version().equals(version)) {
        throw new IllegalStateException("artifact at " + event.getLocation() + " is " + next.metadata().name() + " " + next.metadata().version());
      }
      holder.swap(next);
      loads("loaded").increment();
      // an info gauge per version: 1 while that version is in service
      Gauge.builder("hookline_model_version", holder, h -> h.current() != null && h.current().metadata().version().equals(version) ? 1 : 0)
          .tags("model", modelName, "version", version).description("1 while this model version is in service").register(metrics);
      log.info("model {} {} in service ({} event)", modelName, version, event.getKind());
      reports.accept(report(event, ModelEventKind.LOADED, "in service on " + instance));
    } catch (Exception e) {
      loads("refused").increment();
      String stays = current == null ? "no model" : current.metadata().version();
      log.error("model {} {} refused, {} stays in service: {}", modelName, version, stays, e.getMessage());
      reports.accept(report(event, ModelEventKind.REFUSED, "refused by " + instance + " (" + stays + " stays in service): " + e.getMessage()));
    }
  }

  private Counter loads(String outcome) {
    return Counter.builder("hookline_model_loads")
        .description("Model versions the detector tried to put in service, by outcome: loaded or refused").tag("outcome", outcome).register(metrics);
  }
}
