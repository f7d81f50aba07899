package io.hookline.core.topics;

import io.hookline.avro.DeadLetter;
import io.hookline.avro.DriftAlert;
import io.hookline.avro.DriftReport;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.InferenceRecord;
import io.hookline.avro.LabelFeedback;
import io.hookline.avro.LabelRequest;
import io.hookline.avro.ModelEvent;
import io.hookline.avro.RetrainRequest;
import io.hookline.avro.Verdict;
import io.hookline.schemas.registry.SchemaRegistry;
import io.hookline.schemas.wire.AvroSerdes;
import io.hookline.schemas.Contracts;
import io.hookline.schemas.registry.JavaSchemaProperties;
import io.hookline.schemas.registry.SchemaNotFoundException;
import io.hookline.schemas.registry.SchemaRegistryException;
import io.hookline.schemas.registry.SchemaRegistryUnavailableException;
import io.hookline.schemas.registry.Subjects;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every Hookline topic with its serdes, built once from the names and a schema registry and
 * passed to whoever needs them. Keys are strings: the message id, the alert id, the request id or
 * the model name, as the design's topic table says.
 */
public record HooklineTopics(
    TopicSpec<String, EmailMessage> inbound,
    TopicSpec<String, Verdict> verdicts,
    TopicSpec<String, InferenceRecord> inferenceLog,
    TopicSpec<String, LabelFeedback> feedback,
    TopicSpec<String, DeadLetter> deadLetters,
    TopicSpec<String, DriftReport> driftReports,
    TopicSpec<String, DriftAlert> alerts,
    TopicSpec<String, RetrainRequest> trainerCommands,
    TopicSpec<String, ModelEvent> modelEvents,
    TopicSpec<String, LabelRequest> labelRequests) {

  public static HooklineTopics of(TopicNames names, SchemaRegistry registry) {
    return new HooklineTopics(
        spec(names.inbound(), EmailMessage.class, registry),
        spec(names.verdicts(), Verdict.class, registry),
        spec(names.inferenceLog(), InferenceRecord.class, registry),
        spec(names.feedback(), LabelFeedback.class, registry),
        spec(names.deadLetters(), DeadLetter.class, registry),
        spec(names.driftReports(), DriftReport.class, registry),
        spec(names.alerts(), DriftAlert.class, registry),
        spec(names.trainerCommands(), RetrainRequest.class, registry),
        spec(names.modelEvents(), ModelEvent.class, registry),
        spec(names.labelRequests(), LabelRequest.class, registry));
  }

  /** All of them, in the order of the design's topic table, then those added since. */
  public List<TopicSpec<String, ? extends SpecificRecord>> all() {
    return List.of(inbound, verdicts, inferenceLog, feedback, deadLetters, driftReports, alerts, trainerCommands, modelEvents, labelRequests);
  }

  /**
   * Registers every contract under its topic's value subject (idempotent), so that producers
   * which may not register (auto-registration off in production) find them.
   *
   * @return schema id by subject
   */
  public static Map<String, Integer> registerContracts(TopicNames names, SchemaRegistry registry) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    List<String> topics = names.all();
    for (int i = 0; i < topics.size(); i++) {
      String subject = Subjects.forTopic(topics.get(i), false);
      ids.put(subject, registry.register(subject, JavaSchemaProperties.strip(Contracts.schemaOf(Contracts.ALL.get(i)))));
    }
    return ids;
  }

  /**
   * Asks the registry once for the inbound topic's subject, so that refused credentials or a
   * registry that is not one stop a service at start rather than on its first record. A registry
   * that cannot be reached is not a wrong setting: the service starts and its serdes retry.
   *
   * @throws SchemaRegistryException when the registry refuses the request (401, 403, ...)
   */
  public static void checkRegistryAccess(TopicNames names, SchemaRegistry registry) {
    try {
      registry.versions(Subjects.forTopic(names.inbound(), false));
    } catch (SchemaNotFoundException | SchemaRegistryUnavailableException e) {
      // nothing registered yet, or an outage the serdes wait out
    }
  }

  private static <V extends SpecificRecord> TopicSpec<String, V> spec(String name, Class<V> type, SchemaRegistry registry) {
    return new TopicSpec<>(name, Serdes.String(), AvroSerdes.forValues(type, registry));
  }
}
