package io.hookline.monitor;

import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.SettingsCatalog;
import io.hookline.core.modelstore.ArtifactSignature;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.service.ServiceProcess;

/** Runs the drift monitor as a process of its own, until the JVM is asked to stop. */
public final class MonitorMain {
  private MonitorMain() {}

  public static void main(String[] args) throws Exception {
    run(ServiceProcess.configuration(args));
  }

  /** Every setting the monitor reads, with its default and help ({@code hookline config monitor}). */
  public static SettingsCatalog settings() {
    return SettingsCatalog.of(c -> {
      MonitorConfig.from(c);
      ArtifactSignature.from(c);
    });
  }

  public static void run(ConfigSource config) throws Exception {
    ServiceProcess.warnUnknownSettings("monitor", config, settings());
    ServiceProcess.runUntilStopped("monitor",
        () -> MonitorService.start(MonitorConfig.from(config), new FileModelStore(ArtifactSignature.from(config))), MonitorService::unrecoverable,
        monitor -> "drift monitor started; reports, charts, metrics and health on port " + monitor.httpPort());
  }
}
