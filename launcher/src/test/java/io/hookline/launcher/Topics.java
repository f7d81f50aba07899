package io.hookline.launcher;

import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.embedded.EmbeddedStack;
import org.apache.kafka.clients.admin.Admin;

/** Hookline's topics on the test broker, created as the demo creates them. */
public final class Topics {
  private Topics() {}

  public static void provision(EmbeddedStack stack) {
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      TopicProvisioner.ensure(admin, TopicNames.DEFAULTS, 1, (short) 1);
    }
  }
}
