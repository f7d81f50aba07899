package io.hookline.trainer.service;

import io.hookline.core.config.ConfigSource;
import io.hookline.core.config.KafkaConnection;
import io.hookline.core.http.BearerToken;
import io.hookline.core.model.AdditiveFamily;
import io.hookline.core.model.ModelFamilies;
import io.hookline.core.topics.TopicNames;
import io.hookline.trainer.shortcuts.ShortcutPolicy;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The trainer service's settings, from {@code trainer.*} keys (defaults in parentheses): {@code
 * group-id} (hookline-trainer), {@code model.name} (phish), {@code store} (models: where artifacts
 * are written), {@code corpus} (spamassassin: the labelled corpus mixes draw from, a corpus spec as
 * {@code hookline train} takes), {@code per-domain-cap} (800), {@code feedback.capacity} (20000
 * recent messages and labels kept), {@code label-noise.folds} (3) and {@code
 * label-noise.confidence} (0.95: how sure the cross-validated model must be to flag a label),
 * {@code promotion.min-gain} (0.0), {@code promotion.floor-f1} (0.85), {@code
 * promotion.max-regression} (0.05: how far below the model in service a corpus domain may fall),
 * {@code promotion.min-new-labels} (20: live labels the model in service has not seen, below
 * which a retrain has no new evidence and is rejected), {@code http.port} (9403)
 * and {@code http.token-file} (the API's bearer token; else the variable {@code
 * HOOKLINE_TRAINER_TOKEN}; with neither the API's actions are refused), {@code bootstrap} (false:
 * when true and no version of the model serves, the trainer trains and promotes a first one),
 * {@code evaluate.leave-one-domain-out} (true: one extra model per corpus domain, for the report
 * and the generalization gate), {@code train.shortcuts} (report: what training does about token
 * fields that identify a corpus; penalize or drop; the key is {@code trainer.train.shortcuts}).
 */
public record TrainerConfig(
    KafkaConnection kafka,
    TopicNames topics,
    String groupId,
    String modelName,
    Path store,
    String corpus,
    int perDomainCap,
    int feedbackCapacity,
    int labelNoiseFolds,
    double labelNoiseConfidence,
    double minGain,
    double floorF1,
    double maxRegression,
    int minNewLabels,
    int httpPort,
    Optional<BearerToken> apiToken,
    boolean bootstrap,
    boolean leaveOneDomainOut,
    ShortcutPolicy shortcuts,
    String family) {

  public TrainerConfig {
    Objects.requireNonNull(kafka, "kafka");
    if (perDomainCap < 10 || feedbackCapacity < 1 || labelNoiseFolds < 2) {
      throw new IllegalArgumentException("trainer.per-domain-cap must be at least 10, trainer.feedback.capacity at least 1, "
          + "trainer.label-noise.folds at least 2");
    }
    if (minNewLabels < 1 || maxRegression < 0) {
      throw new IllegalArgumentException("trainer.promotion.min-new-labels must be at least 1 and trainer.promotion.max-regression at least 0");
    }
    if (labelNoiseConfidence <= 0.5 || labelNoiseConfidence > 1) {
      throw new IllegalArgumentException("trainer.label-noise.confidence must be in (0.5, 1], was " + labelNoiseConfidence);
    }
    if (!ModelFamilies.names().contains(family)) {
      throw new IllegalArgumentException("trainer.family must be one of " + String.join(", ", ModelFamilies.names()) + ", was " + family);
    }
  }

  /** The trainer of the additive family. */
  public TrainerConfig(KafkaConnection kafka, TopicNames topics, String groupId, String modelName, Path store, String corpus, int perDomainCap,
      int feedbackCapacity, int labelNoiseFolds, double labelNoiseConfidence, double minGain, double floorF1, double maxRegression, int minNewLabels,
      int httpPort, Optional<BearerToken> apiToken, boolean bootstrap, boolean leaveOneDomainOut, ShortcutPolicy shortcuts) {
    this(kafka, topics, groupId, modelName, store, corpus, perDomainCap, feedbackCapacity, labelNoiseFolds, labelNoiseConfidence, minGain, floorF1,
        maxRegression, minNewLabels, httpPort, apiToken, bootstrap, leaveOneDomainOut, shortcuts, AdditiveFamily.NAME);
  }

  public static TrainerConfig from(ConfigSource c) {
    return new TrainerConfig(
        KafkaConnection.from(c),
        TopicNames.from(c),
        c.string("trainer.group-id", "hookline-trainer"),
        c.string("trainer.model.name", "phish"),
        Path.of(c.string("trainer.store", "models")),
        c.string("trainer.corpus", "spamassassin"),
        c.integer("trainer.per-domain-cap", 800),
        c.integer("trainer.feedback.capacity", 20_000),
        c.integer("trainer.label-noise.folds", 3),
        c.decimal("trainer.label-noise.confidence", 0.95),
        c.decimal("trainer.promotion.min-gain", 0.0),
        c.decimal("trainer.promotion.floor-f1", 0.85),
        c.decimal("trainer.promotion.max-regression", 0.05),
        c.integer("trainer.promotion.min-new-labels", 20),
        c.integer("trainer.http.port", 9403),
        BearerToken.from(c.optional("trainer.http.token-file"), System.getenv("HOOKLINE_TRAINER_TOKEN")),
        c.bool("trainer.bootstrap", false),
        c.bool("trainer.evaluate.leave-one-domain-out", true),
        ShortcutPolicy.parse(c.string("trainer.train.shortcuts", "report")),
        c.string("trainer.family", AdditiveFamily.NAME));
  }
}
