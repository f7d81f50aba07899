package io.hookline.monitor.alerting;

import io.hookline.avro.Evidence;
import java.util.List;

/** One failure signal a window's report shows, with the numbers behind it. */
public record Finding(String heuristic, boolean critical, String summary, List<Evidence> evidence) {}
