package io.hookline.launcher.services;

import io.hookline.core.config.ConfigSource;
import io.hookline.launcher.ConnectionOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --set KEY=VALUE} for the service commands: the strongest layer over file, environment and defaults. */
public final class ServiceSettings {
  @Spec(Spec.Target.MIXEE) private picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting, for example detector.batch.max-size=128 or monitor.window.size=5m (repeatable).")
  private List<String> settings = new ArrayList<>();

  /** The service's configuration: these settings over the connection's layers. */
  ConfigSource over(ConnectionOptions connection) {
    Map<String, String> flags = new HashMap<>();
    for (String setting : settings) {
      int equals = setting.indexOf('=');
      if (equals <= 0) {
        throw new ParameterException(spec.commandLine(), "--set takes KEY=VALUE, got " + setting);
      }
      flags.put(setting.substring(0, equals), setting.substring(equals + 1));
    }
    return connection.config().with(flags);
  }
}
