package io.hookline.launcher.services;

import io.hookline.launcher.ConnectionOptions;
import io.hookline.monitor.MonitorMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hookline monitor}: runs the drift monitor until stopped. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = {
      "Run the drift monitor: compare mail.inference-log with each model's reference profile, window by window;",
      "report on monitor.drift, alert on monitor.alerts, ask trainer.commands for a retrain.",
      "Settings: monitor.* keys (see MonitorConfig and Thresholds) in --config, HOOKLINE_MONITOR_* variables or --set key=value."
    })
public final class MonitorCommand implements Callable<Integer> {
  @Mixin private ConnectionOptions connection = new ConnectionOptions();
  @Mixin private ServiceSettings settings = new ServiceSettings();

  @Override
  public Integer call() throws Exception {
    MonitorMain.run(settings.over(connection));
    return 0;
  }
}
