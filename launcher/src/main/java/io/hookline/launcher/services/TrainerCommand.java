package io.hookline.launcher.services;

import io.hookline.launcher.ConnectionOptions;
import io.hookline.trainer.service.TrainerMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hookline trainer}: runs the trainer service until stopped. */
@Command(
    name = "trainer",
    mixinStandardHelpOptions = true,
    description = {
      "Run the trainer service: answer retrain requests from trainer.commands, publish models on model.events;",
      "serve the retrain API (bearer token from HOOKLINE_TRAINER_TOKEN or trainer.http.token-file) and the Alertmanager webhook.",
      "Settings: trainer.* keys (see TrainerConfig) in --config, HOOKLINE_TRAINER_* variables or --set key=value."
    })
public final class TrainerCommand implements Callable<Integer> {
  @Mixin private ConnectionOptions connection = new ConnectionOptions();
  @Mixin private ServiceSettings settings = new ServiceSettings();

  @Override
  public Integer call() throws Exception {
    TrainerMain.run(settings.over(connection));
    return 0;
  }
}
