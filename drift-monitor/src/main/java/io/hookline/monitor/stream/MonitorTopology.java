package io.hookline.monitor.stream;

import io.hookline.avro.InferenceRecord;
import io.hookline.avro.LabelFeedback;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.monitor.MonitorConfig;
import io.hookline.monitor.alerting.WindowJudge;
import io.hookline.monitor.reference.ReferenceCatalog;
import io.hookline.monitor.window.MonitorEvent;
import io.hookline.monitor.window.WindowSketchSerde;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.state.Stores;

/**
 * The monitor as a Kafka Streams topology:
 *
 * <pre>
 * mail.inference-log ──┬─────────────────────────────────────────────┐
 *                      └─ verdict summary ─ join mail.feedback (by id) ─┴─ partial sketches per partition
 *   ─ repartition by model version ─ merge per window (state store) ─ judge closed windows
 *   ─┬─ monitor.drift      (DriftReport)
 *    ├─ monitor.alerts     (DriftAlert)
 *    ├─ trainer.commands   (RetrainRequest)
 *    └─ mail.label-requests (LabelRequest, sliding windows)
 * </pre>
 */
public final class MonitorTopology {
  private MonitorTopology() {}

  public static Topology build(MonitorConfig config, HooklineTopics topics, ReferenceCatalog catalog, Consumer<WindowJudge.Judged> listener) {
    StreamsBuilder builder = new StreamsBuilder();
    Serde<String> keys = Serdes.String();
    KStream<String, InferenceRecord> scored = builder
        .stream(topics.inferenceLog().name(), Consumed.with(keys, topics.inferenceLog().valueSerde()).withName("inference-log"))
        .filter((id, record) -> record != null, Named.as("skip-tombstones"));
    KStream<String, LabelFeedback> feedback = builder
        .stream(topics.feedback().name(), Consumed.with(keys, topics.feedback().valueSerde()).withName("feedback"))
        .filter((id, label) -> label != null, Named.as("skip-empty-feedback"));
    KStream<String, MonitorEvent> labelled = scored
        .mapValues(r -> new VerdictSummary(r.getModel().getName(), r.getModel().getVersion(), r.getReceivedAt().toEpochMilli(), r.getLabel()),
            Named.as("verdict-summaries"))
        .join(feedback,
            (verdict, label) -> (MonitorEvent) new MonitorEvent.Labelled(verdict.modelRef(), verdict.receivedAtMillis(), verdict.predicted(), label.getLabel()),
            JoinWindows.ofTimeDifferenceWithNoGrace(config.labelDelay()),
            StreamJoined.with(keys, new VerdictSummary.SummarySerde(), topics.feedback().valueSerde()).withName("labels").withStoreName("monitor-labels"));
    KStream<String, MonitorEvent> events = scored
        .mapValues(record -> (MonitorEvent) new MonitorEvent.Scored(record), Named.as("scored-events"))
        .merge(labelled, Named.as("all-events"));

    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WindowCloser.WINDOWS), keys, new WindowSketchSerde()));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WindowCloser.STATE), keys, new ModelStateSerde()));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WindowCloser.STEPS), keys, new WindowSketchSerde()));
    KStream<String, MonitorOutput> outputs = events
        .process(() -> new PartialAggregator(config, catalog), Named.as("partial-sketches"))
        .repartition(Repartitioned.with(keys, new Partial.PartialSerde()).withName("partials"))
        .process(() -> new WindowCloser(config, catalog, listener), Named.as("close-windows"), WindowCloser.WINDOWS, WindowCloser.STATE, WindowCloser.STEPS);

    outputs.split(Named.as("output-"))
        .branch((k, v) -> v instanceof MonitorOutput.Report, Branched.withConsumer(s -> s
            .mapValues(v -> ((MonitorOutput.Report) v).report())
            .to(topics.driftReports().name(), Produced.with(keys, topics.driftReports().valueSerde())), "reports"))
        .branch((k, v) -> v instanceof MonitorOutput.Alert, Branched.withConsumer(s -> s
            .mapValues(v -> ((MonitorOutput.Alert) v).alert())
            .to(topics.alerts().name(), Produced.with(keys, topics.alerts().valueSerde())), "alerts"))
        .branch((k, v) -> v instanceof MonitorOutput.Retrain, Branched.withConsumer(s -> s
            .mapValues(v -> ((MonitorOutput.Retrain) v).request())
            .to(topics.trainerCommands().name(), Produced.with(keys, topics.trainerCommands().valueSerde())), "retrain"))
        .branch((k, v) -> v instanceof MonitorOutput.AskLabel, Branched.withConsumer(s -> s
            .mapValues(v -> ((MonitorOutput.AskLabel) v).request())
            .to(topics.labelRequests().name(), Produced.with(keys, topics.labelRequests().valueSerde())), "label-requests"));
    return builder.build();
  }
}
