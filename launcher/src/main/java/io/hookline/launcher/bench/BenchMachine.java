package io.hookline.launcher.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The machine a benchmark ran on, as its result file records it: cores, Java, and the load
 * average when it started. A result taken while other work kept the cores busy says so in {@code
 * note}, so a slow figure is not read as a regression.
 *
 * @param loadAverage the one-minute load average at the start; negative where the system gives none
 */
record BenchMachine(int cores, String arch, String java, double loadAverage, String note) {

  static BenchMachine now() {
    int cores = Runtime.getRuntime().availableProcessors();
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    // on an idle machine the load stays well under one per core; at half the cores or more, other work shares them
    String note = load >= cores / 2.0
        ? String.format(Locale.ROOT, "busy: load average %.2f on %d cores at the start; rates may read low and latencies high", load, cores)
        : "";
    return new BenchMachine(cores, System.getProperty("os.arch"), System.getProperty("java.version"), load, note);
  }

  /** One line for the console. */
  String describe() {
    return String.format(Locale.ROOT, "%d cores (%s), Java %s, load average %.2f at the start%s", cores, arch, java, loadAverage,
        note.isEmpty() ? "" : "; " + note);
  }
}
