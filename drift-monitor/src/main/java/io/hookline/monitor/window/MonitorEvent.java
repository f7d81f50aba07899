package io.hookline.monitor.window;

import io.hookline.avro.InferenceRecord;
import io.hookline.avro.Label;
import io.hookline.avro.ModelRef;

/** What the monitor aggregates: a scored message, or the true label of one that arrived later. */
public sealed interface MonitorEvent {

  ModelRef model();

  /** The scored message's receivedAt: the event time that places it in a window. */
  long receivedAtMillis();

  record Scored(InferenceRecord record) implements MonitorEvent {
    @Override
    public ModelRef model() {
      return record.getModel();
    }

    @Override
    public long receivedAtMillis() {
      return record.getReceivedAt().toEpochMilli();
    }
  }

  /** A message's verdict next to its true label from {@code mail.feedback}. */
  record Labelled(ModelRef model, long receivedAtMillis, Label predicted, Label actual) implements MonitorEvent {}
}
