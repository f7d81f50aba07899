package io.hookline.gateway;

import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.SettingsCatalog;
import io.hookline.core.service.ServiceProcess;

/**
 * Runs the gateway as a process of its own: {@code key=value} arguments override the environment
 * ({@code HOOKLINE_*}) and an optional {@code config=FILE}. Stops cleanly on SIGTERM.
 */
public final class GatewayMain {
  private GatewayMain() {}

  public static void main(String[] args) throws Exception {
    run(ServiceProcess.configuration(args));
  }

  /** Every setting the gateway reads, with its default and help ({@code hookline config gateway}). */
  public static SettingsCatalog settings() {
    return SettingsCatalog.of(c -> {
      GatewayConfig.from(c);
    });
  }

  /** Starts the gateway and blocks until the JVM is asked to stop. */
  public static void run(ConfigSource config) throws Exception {
    ServiceProcess.warnUnknownSettings("gateway", config, settings());
    ServiceProcess.runUntilStopped("gateway", () -> GatewayService.start(GatewayConfig.from(config)), GatewayService::unrecoverable,
        gateway -> "gateway started; milter on port " + gateway.milterPort() + ", check API on port " + gateway.checkPort()
            + ", metrics and health on port " + gateway.httpPort());
  }
}
