package io.hookline.launcher.services;

import io.hookline.detector.DetectorMain;
import io.hookline.launcher.ConnectionOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting, for example detector.batch.max-size=128 (repeatable).")
  private List<String> settings = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> flags = new HashMap<>();
    for (String setting : settings) {
      int equals = setting.indexOf('=');
      if (equals <= 0) {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--set takes KEY=VALUE, got " + setting);
      }
      flags.put(setting.substring(0, equals), setting.substring(equals + 1));
    }
    var base = connection.config();
    DetectorMain.run(key -> flags.containsKey(key) ? flags.get(key) : base.get(key));
    return 0;
  }
}
