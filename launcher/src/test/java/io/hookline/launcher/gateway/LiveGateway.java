package io.hookline.launcher.gateway;

import static org.awaitility.Awaitility.await;

import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.SpamAssassinArchive;
import io.hookline.core.mail.MailParser;
import io.hookline.core.modelstore.FileModelStore;
import io.hookline.core.topics.HooklineTopics;
import io.hookline.core.topics.TopicNames;
import io.hookline.core.topics.TopicProvisioner;
import io.hookline.detector.DetectorConfig;
import io.hookline.detector.DetectorService;
import io.hookline.embedded.EmbeddedStack;
import io.hookline.gateway.GatewayConfig;
import io.hookline.gateway.GatewayService;
import io.hookline.launcher.ModelFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * A detector with a real model and a gateway in front of it, on topics of their own on the test
 * broker: what a mail server talks to in the gateway tests.
 */
record LiveGateway(DetectorService detector, GatewayService gateway, TopicNames names, Map<String, String> settings) implements AutoCloseable {

  /**
   * Trains and promotes a small model, starts both services and waits until they are ready.
   *
   * @param gatewaySettings gateway.* settings over the defaults (ports are always chosen free)
   */
  static LiveGateway start(EmbeddedStack stack, String prefix, Path store, Map<String, String> gatewaySettings) throws Exception {
    TopicNames names = TopicNames.DEFAULTS.prefixed(prefix);
    try (Admin admin = Admin.create(stack.broker().clientProperties())) {
      TopicProvisioner.ensure(admin, names, 2, (short) 1);
    }
    KafkaConnection kafka = KafkaConnection.of(stack.bootstrapServers(), stack.schemaRegistryUrl());
    HooklineTopics topics = HooklineTopics.of(names, stack.registryClient());
    var corpus = Corpus.load(SpamAssassinArchive.shipped()).examples();
    ModelFixtures.promote(kafka, topics, "v1", ModelFixtures.train(corpus, new MailParser(), "v1", 1, store));

    Map<String, String> settings = new HashMap<>(names.settings());
    settings.putAll(stack.clientSettings());
    settings.put("detector.group-id", prefix + "detector");
    settings.put("detector.http.port", "0");
    settings.put("detector.batch.max-wait", "2ms");
    settings.put("gateway.milter.port", "0");
    settings.put("gateway.check.port", "0");
    settings.put("gateway.http.port", "0");
    settings.put("gateway.verdict.timeout", "20s");
    settings.putAll(gatewaySettings);
    ConfigSource config = ConfigSource.of(settings);
    DetectorService detector = DetectorService.start(DetectorConfig.from(config), new FileModelStore());
    try {
      GatewayService gateway = GatewayService.start(GatewayConfig.from(config));
      await().atMost(Duration.ofSeconds(60)).until(() -> detector.ready() && gateway.ready());
      return new LiveGateway(detector, gateway, names, settings);
    } catch (Exception | AssertionError e) {
      detector.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      gateway.close();
    } finally {
      detector.close();
    }
  }
}
