package io.hookline.launcher;

import io.hookline.launcher.bench.BenchCommand;
import io.hookline.launcher.demo.DemoCommand;
import io.hookline.launcher.operate.ConfigCommand;
import io.hookline.launcher.operate.FeedbackCommand;
import io.hookline.launcher.operate.ModelsCommand;
import io.hookline.launcher.operate.RetrainCommand;
import io.hookline.launcher.operate.TopicsCommand;
import io.hookline.launcher.operate.VerdictsCommand;
import io.hookline.launcher.replay.ReplayCommand;
import io.hookline.launcher.scenario.ScenarioCommand;
import io.hookline.launcher.services.DetectorCommand;
import io.hookline.launcher.services.GatewayCommand;
import io.hookline.launcher.services.MonitorCommand;
import io.hookline.launcher.services.TrainerCommand;
import io.hookline.launcher.submit.SubmitCommand;
import io.hookline.launcher.train.EvaluateCommand;
import io.hookline.launcher.train.TrainCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The one command line: {@code hookline <subcommand>}. */
@Command(
    name = "hookline",
    mixinStandardHelpOptions = true,
    versionProvider = HooklineVersion.class,
    description = "Phishing detection on Kafka that watches its own model for drift and retrains it.",
    subcommands = {DemoCommand.class, ReplayCommand.class, ScenarioCommand.class, SubmitCommand.class, TrainCommand.class, EvaluateCommand.class, DetectorCommand.class, MonitorCommand.class, TrainerCommand.class, GatewayCommand.class, VerdictsCommand.class, ConfigCommand.class, RetrainCommand.class, FeedbackCommand.class, ModelsCommand.class, TopicsCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class HooklineCommand implements Runnable {
  /** Avro 1.12 instantiates generated classes only from packages named here. */
  private static final String AVRO_TRUSTED_PACKAGES = "org.apache.avro.SERIALIZABLE_PACKAGES";

  @Spec private CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code; what {@link #main} and the tests call. */
  public static int execute(String... args) {
    if (System.getProperty(AVRO_TRUSTED_PACKAGES) == null) {
      System.setProperty(AVRO_TRUSTED_PACKAGES, "io.hookline.avro");
    }
    CliErrors errors = new CliErrors();
    return new CommandLine(new HooklineCommand()).setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(errors).setExecutionExceptionHandler(errors).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
