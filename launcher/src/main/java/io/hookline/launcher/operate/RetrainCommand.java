package io.hookline.launcher.operate;

import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.avro.RetrainRequest;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicFollower;
import io.hookline.core.topics.UnreadableRecords;
import io.hookline.launcher.ConnectionOptions;
import io.hookline.trainer.api.RetrainRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hookline retrain}: an operator's retrain request, optionally waiting for the trainer's answer. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
    description = {"Ask the trainer to retrain the model on a diversified mix (generalist, balanced by domain and class).",
        "Exit codes: 0 queued (or, with --wait, promoted), 1 rejected, 75 no answer within --timeout."})
public final class RetrainCommand implements Callable<Integer> {
  @Spec private picocli.CommandLine.Model.CommandSpec spec;
  @Mixin private ConnectionOptions connection = new ConnectionOptions();

  @Option(names = "--reason", required = true, description = "Why: kept with the request and the model it produces.")
  private String reason;

  @Option(names = "--by", description = "Who asks (default: ${DEFAULT-VALUE}).")
  private String by = System.getProperty("user.name", "operator");

  @Option(names = "--model", description = "Model name (default: ${DEFAULT-VALUE}).")
  private String model = "phish";

  @Option(names = "--wait", description = "Wait for the trainer's PROMOTED or REJECTED event.")
  private boolean await;

  @Option(names = "--timeout", description = "How long --wait waits, in seconds (default: ${DEFAULT-VALUE}).")
  private long timeoutSeconds = 900;

  @Override
  public Integer call() throws Exception {
    KafkaConnection kafka = connection.connection();
    HooklineTopics topics = HooklineTopics.of(connection.topics(), kafka.registry());
    RetrainRequest request = RetrainRequests.operator(model, reason, by, null, Instant.now());
    CompletableFuture<ModelEvent> answer = new CompletableFuture<>();
    try (TopicFollower<ModelEvent> events = new TopicFollower<>(kafka, topics.modelEvents(), e -> {
      if (e != null && request.getRequestId().equals(e.getRequestId()) && e.getKind() != ModelEventKind.PUBLISHED) {
        answer.complete(e);
      }
    }, UnreadableRecords.skipped("hookline retrain"), "retrain-answer")) {
      if (await) {
        events.start();
      }
      try (KafkaProducer<String, RetrainRequest> producer = new KafkaProducer<>(kafka.producerProperties(Duration.ofSeconds(30)),
          topics.trainerCommands().keySerde().serializer(), topics.trainerCommands().valueSerde().serializer())) {
        producer.send(new ProducerRecord<>(topics.trainerCommands().name(), request.getRequestId(), request)).get();
      }
      spec.commandLine().getOut().println("retrain request " + request.getRequestId() + " queued on " + topics.trainerCommands().name());
      if (!await) {
        return 0;
      }
      try {
        ModelEvent event = answer.get(timeoutSeconds, TimeUnit.SECONDS);
        spec.commandLine().getOut().println(event.getModel().getName() + " " + event.getModel().getVersion() + " " + event.getKind() + ": " + event.getReason());
        return event.getKind() == ModelEventKind.PROMOTED ? 0 : 1;
      } catch (TimeoutException e) {
        spec.commandLine().getErr().println("no answer from the trainer within " + timeoutSeconds + " s; the request stays queued");
        return 75;
      }
    }
  }
}
