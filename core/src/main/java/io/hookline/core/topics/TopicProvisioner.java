package io.hookline.core.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates Hookline's topics where they are missing; existing topics are left as they are.
 * {@code model.events} is compacted: it keeps the latest record of each model version (see {@link
 * ModelEventKeys}), and the latest PROMOTED or ROLLED_BACK among them names the version in service.
 */
public final class TopicProvisioner {
  private TopicProvisioner() {}

  /** The names among {@code wanted} that do not exist on the cluster. */
  public static List<String> missing(Admin admin, List<String> wanted) {
    Set<String> existing = existing(admin);
    return wanted.stream().filter(name -> !existing.contains(name)).toList();
  }

  private static Set<String> existing(Admin admin) {
    try {
      return admin.listTopics().names().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing topics", e);
    }
  }

  /** @return the topics that were created (empty when all existed) */
  public static List<String> ensure(Admin admin, TopicNames names, int partitions, short replication) {
    Set<String> existing = existing(admin);
    List<NewTopic> missing = new ArrayList<>();
    for (String name : names.all()) {
      if (!existing.contains(name)) {
        NewTopic topic = new NewTopic(name, partitions, replication);
        if (name.equals(names.modelEvents())) {
          topic = new NewTopic(name, 1, replication)
              .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        missing.add(topic);
      }
    }
    if (missing.isEmpty()) {
      return List.of();
    }
    List<String> created = new ArrayList<>();
    // a topic another instance created meanwhile (or one the metadata had not listed yet) is there: that is fine
    for (var result : admin.createTopics(missing).values().entrySet()) {
      try {
        result.getValue().get();
        created.add(result.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating topics", e);
      }
    }
    return created;
  }
}
