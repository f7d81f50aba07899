package io.hookline.launcher.services;

import io.hookline.detector.DetectorMain;
import io.hookline.launcher.ConnectionOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hookline detector}: runs the detector service until stopped. */
@Command(
    name = "detector",
    mixinStandardHelpOptions = true,
    description = {
      "Run the detector: score mail.inbound with the model model.events names, answer on mail.verdicts.",
      "Settings: detector.* keys (see DetectorConfig) in --config, HOOKLINE_DETECTOR_* variables or --set key=value."
    })
public final class DetectorCommand implements Callable<Integer> {
  @Mixin private ConnectionOptions connection = new ConnectionOptions();
  @Mixin private ServiceSettings settings = new ServiceSettings();

  @Override
  public Integer call() throws Exception {
    DetectorMain.run(settings.over(connection));
    return 0;
  }
}
