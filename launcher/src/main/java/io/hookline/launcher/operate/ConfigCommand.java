package io.hookline.launcher.operate;

import io.hookline.core.config.SettingsCatalog;
import io.hookline.detector.DetectorMain;
import io.hookline.gateway.GatewayMain;
import io.hookline.launcher.ConnectionOptions;
import io.hookline.monitor.MonitorMain;
import io.hookline.trainer.service.TrainerMain;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hookline config}: every setting a service reads, with its type, default and help, taken
 * from the code; with {@code --config FILE} (or {@code HOOKLINE_*} variables) also the keys that
 * no service reads, with the one probably meant.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = {"List every setting of a service (detector, monitor, trainer, gateway; all by default): key, type, default, help.",
        "Keys go in a --config file, HOOKLINE_* variables (HOOKLINE_DETECTOR_BATCH_MAX_SIZE) or --set key=value.",
        "With --config FILE: also warns of keys in it that no service reads (exit 1 when there are any)."})
public final class ConfigCommand implements Callable<Integer> {
  private static final Map<String, Supplier<SettingsCatalog>> SERVICES = new LinkedHashMap<>();

  static {
    SERVICES.put("detector", DetectorMain::settings);
    SERVICES.put("monitor", MonitorMain::settings);
    SERVICES.put("trainer", TrainerMain::settings);
    SERVICES.put("gateway", GatewayMain::settings);
  }

  @Spec private picocli.CommandLine.Model.CommandSpec spec;
  @Mixin private ConnectionOptions connection = new ConnectionOptions();

  @Parameters(arity = "0..1", paramLabel = "SERVICE", description = "detector, monitor, trainer or gateway.")
  private String service;

  @Override
  public Integer call() {
    if (service != null && !SERVICES.containsKey(service)) {
      throw new ParameterException(spec.commandLine(), "no service '" + service + "'; one of " + String.join(", ", SERVICES.keySet()));
    }
    PrintWriter out = spec.commandLine().getOut();
    List<String> names = service == null ? List.copyOf(SERVICES.keySet()) : List.of(service);
    SettingsCatalog catalog = SettingsCatalog.merged(names.stream().map(name -> SERVICES.get(name).get()).toList());
    int keyWidth = catalog.settings().stream().mapToInt(s -> s.key().length()).max().orElse(10);
    out.printf("%-" + keyWidth + "s  %-9s  %-26s  %s%n", "KEY", "TYPE", "DEFAULT", "WHAT IT DOES");
    for (SettingsCatalog.Setting setting : catalog.settings()) {
      out.printf("%-" + keyWidth + "s  %-9s  %-26s  %s%n", setting.key(), setting.type(), setting.defaultValue(), setting.help());
    }
    List<String> warnings = catalog.unknownKeys(connection.config(), names.stream().map(name -> name + ".").toList());
    PrintWriter err = spec.commandLine().getErr();
    warnings.forEach(w -> err.println("warning: " + w));
    err.flush();
    out.flush();
    return warnings.isEmpty() ? 0 : 1;
  }
}
