package io.hookline.launcher.operate;

import io.hookline.core.config.KafkaConnection;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.launcher.ConnectionOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hookline topics}: creates Hookline's topics on a cluster and registers its contracts, as a deployment's first step. */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "Create Hookline's topics (those missing) on the cluster and register every contract with the schema registry.")
public final class TopicsCommand implements Callable<Integer> {
  @Spec private picocli.CommandLine.Model.CommandSpec spec;
  @Mixin private ConnectionOptions connection = new ConnectionOptions();

  @Option(names = "--partitions", description = "Partitions of each new topic (default: ${DEFAULT-VALUE}).")
  private int partitions = 3;

  @Option(names = "--replication-factor", description = "Replicas of each new topic (default: ${DEFAULT-VALUE}).")
  private short replication = 1;

  @Override
  public Integer call() {
    KafkaConnection kafka = connection.connection();
    TopicNames names = connection.topics();
    List<String> created;
    try (Admin admin = Admin.create(kafka.adminProperties(Duration.ofSeconds(60)))) {
      created = TopicProvisioner.ensure(admin, names, partitions, replication);
    }
    Map<String, Integer> ids = HooklineTopics.registerContracts(names, kafka.registry());
    spec.commandLine().getOut().println("topics created: " + (created.isEmpty() ? "none (all existed)" : created) + "; contracts registered: " + ids.size());
    return 0;
  }
}
