package io.hookline.core.topics;

import io.hookline.schemas.registry.SchemaRegistryUnavailableException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Sorts the failures of Kafka clients: those no retry can mend (another instance took over the
 * transactional id, credentials or permissions refused, a setting the client rejects), after which
 * a service should exit for its supervisor, from the outages it should wait out.
 */
public final class KafkaFailures {
  private KafkaFailures() {}

  /** True when retrying cannot help: the service should stop with this as its reason. */
  public static boolean isUnrecoverable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof FencedInstanceIdException
          || t instanceof AuthenticationException || t instanceof AuthorizationException
          || t instanceof TransactionalIdAuthorizationException || t instanceof ConfigException
          || t instanceof InvalidConfigurationException || t instanceof UnsupportedVersionException) {
        return true;
      }
    }
    return false;
  }

  /** True when a record failed to decode because the schema registry could not be asked: not the record's fault. */
  public static boolean isRegistryOutage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryUnavailableException) {
        return true;
      }
    }
    return false;
  }
}
