package io.hookline.launcher.bench;

import picocli.CommandLine.Command;

/** {@code hookline bench <what>}: benchmarks that write a result file. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark and write its results as JSON.",
    subcommands = {SerdeBenchCommand.class, DetectorBenchCommand.class, CurveBenchCommand.class, BogofilterBenchCommand.class, MonitorLagBenchCommand.class, GatewayBenchCommand.class, ModelsBenchCommand.class})
public final class BenchCommand {}
