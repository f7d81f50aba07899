package io.hookline.detector.model;

import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.model.PhishingModel;
import io.hookline.core.modelstore.ModelStore;
import io.hookline.core.topics.TopicSpec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code model.events} from its beginning: the latest PROMOTED or ROLLED_BACK event of the
 * configured model names the version to serve. Each is loaded and verified against its published
 * checksum; one that fails stays out of service, the previous model keeps scoring, and the outcome
 * is counted ({@code hookline_model_loads_total{outcome}}) and logged.
 */
public final class ModelEventWatcher implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ModelEventWatcher.class);

  private final KafkaConnection kafka;
  private final TopicSpec<String, ModelEvent> topic;
  private final String modelName;
  private final ModelStore store;
  private final ModelHolder holder;
  private final MeterRegistry metrics;
  private final AtomicBoolean running = new AtomicBoolean(true);

  public ModelEventWatcher(KafkaConnection kafka, TopicSpec<String, ModelEvent> topic, String modelName, ModelStore store, ModelHolder holder, MeterRegistry metrics) {
    this.kafka = kafka;
    this.topic = topic;
    this.modelName = modelName;
    this.store = store;
    this.holder = holder;
    this.metrics = metrics;
  }

  @Override
  public void run() {
    try (KafkaConsumer<String, ModelEvent> consumer =
        new KafkaConsumer<>(kafka.readerProperties(), topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running.get()) {
        for (ConsumerRecord<String, ModelEvent> record : consumer.poll(Duration.ofMillis(200))) {
          handle(record.value());
        }
      }
    } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
      // stopping
    } catch (RuntimeException e) {
      log.error("model event watcher stopped: {}", e.toString());
    }
  }

  void handle(ModelEvent event) {
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
      metrics.counter("hookline_model_loads_total", "outcome", "loaded").increment();
      // an info gauge per version: 1 while that version is in service
      Gauge.builder("hookline_model_version", holder, h -> h.current() != null && h.current().metadata().version().equals(version) ? 1 : 0)
          .tags("model", modelName, "version", version).description("1 while this model version is in service").register(metrics);
      log.info("model {} {} in service ({} event)", modelName, version, event.getKind());
    } catch (Exception e) {
      metrics.counter("hookline_model_loads_total", "outcome", "refused").increment();
      log.error("model {} {} refused, {} stays in service: {}", modelName, version,
          current == null ? "no model" : current.metadata().version(), e.getMessage());
    }
  }

  public void stop() {
    running.set(false);
  }
}
