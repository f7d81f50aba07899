package io.hookline.launcher.services;

import io.hookline.gateway.GatewayMain;
import io.hookline.launcher.ConnectionOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hookline gateway}: runs the gateway service (milter and check API) until stopped. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = {
      "Run the gateway a mail server talks to: a milter (Postfix smtpd_milters = inet:127.0.0.1:11332) and an",
      "Rspamd-compatible check API (POST /checkv2 and /v1/check on port 11333); each message goes to the detector",
      "through mail.inbound and is answered with its verdict from mail.verdicts.",
      "Settings: gateway.bind, gateway.milter.port, gateway.check.port, gateway.http.port, gateway.verdict.timeout,",
      "gateway.action.phishing (quarantine|reject|add-header), gateway.action.timeout (tempfail|accept|accept-with-header)",
      "in --config, HOOKLINE_GATEWAY_* variables or --set key=value."
    })
public final class GatewayCommand implements Callable<Integer> {
  @Mixin private ConnectionOptions connection = new ConnectionOptions();
  @Mixin private ServiceSettings settings = new ServiceSettings();

  @Override
  public Integer call() throws Exception {
    GatewayMain.run(settings.over(connection));
    return 0;
  }
}
