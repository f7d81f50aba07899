package io.hookline.trainer.service;

import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.SettingsCatalog;
import io.hookline.core.modelstore.ArtifactSignature;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.service.ServiceProcess;

/**
 * Runs the trainer as a process of its own ({@code key=value} arguments over {@code HOOKLINE_*}
 * variables over an optional {@code config=FILE}) until the JVM is asked to stop.
 */
public final class TrainerMain {
  private TrainerMain() {}

  public static void main(String[] args) throws Exception {
    run(ServiceProcess.configuration(args));
  }

  /** Every setting the trainer reads, with its default and help ({@code hookline config trainer}). */
  public static SettingsCatalog settings() {
    return SettingsCatalog.of(c -> {
      TrainerConfig.from(c);
      ArtifactSignature.from(c);
    });
  }

  public static void run(ConfigSource config) throws Exception {
    ServiceProcess.warnUnknownSettings("trainer", config, settings());
    ServiceProcess.runUntilStopped("trainer",
        () -> TrainerService.start(TrainerConfig.from(config), new FileModelStore(ArtifactSignature.from(config))), TrainerService::unrecoverable,
        trainer -> "trainer started; API, metrics and health on port " + trainer.httpPort());
  }
}
