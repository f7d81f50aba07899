package io.hookline.detector;

import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.SettingsCatalog;
import io.hookline.core.modelstore.ArtifactSignature;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.service.ServiceProcess;

/**
 * Runs the detector as a process of its own: {@code key=value} arguments override the
 * environment ({@code HOOKLINE_*}) and an optional {@code config=FILE}. Stops cleanly on SIGTERM.
 */
public final class DetectorMain {
  private DetectorMain() {}

  public static void main(String[] args) throws Exception {
    run(ServiceProcess.configuration(args));
  }

  /** Every setting the detector reads, with its default and help ({@code hookline config detector}). */
  public static SettingsCatalog settings() {
    return SettingsCatalog.of(c -> {
      DetectorConfig.from(c);
      ArtifactSignature.from(c);
    });
  }

  /** Starts the detector and blocks until the JVM is asked to stop. */
  public static void run(ConfigSource config) throws Exception {
    ServiceProcess.warnUnknownSettings("detector", config, settings());
    ServiceProcess.runUntilStopped("detector",
        () -> DetectorService.start(DetectorConfig.from(config), new FileModelStore(ArtifactSignature.from(config))), DetectorService::unrecoverable,
        detector -> "detector started; metrics and health on port " + detector.httpPort());
  }
}
