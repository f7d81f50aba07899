package io.hookline.monitor.stream;

import io.hookline.avro.DriftAlert;
import io.hookline.avro.DriftReport;
import io.hookline.avro.LabelRequest;
import io.hookline.avro.RetrainRequest;

/** What the merging stage publishes: reports, alerts, retrain requests, label requests, each to its topic. */
sealed interface MonitorOutput {
  record Report(DriftReport report) implements MonitorOutput {}

  record Alert(DriftAlert alert) implements MonitorOutput {}

  record Retrain(RetrainRequest request) implements MonitorOutput {}

  record AskLabel(LabelRequest request) implements MonitorOutput {}
}
