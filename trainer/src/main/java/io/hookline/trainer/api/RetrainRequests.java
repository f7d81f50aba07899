package io.hookline.trainer.api;

import io.hookline.avro.BalancePolicy;
import io.hookline.avro.DataPolicy;
import io.hookline.avro.RetrainRequest;
import io.hookline.avro.RetrainTrigger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Retrain requests as operators and Alertmanager make them: a generalist mix, balanced by domain and class. */
public final class RetrainRequests {
  private RetrainRequests() {}

  /** An operator's request; {@code requestId} may be null for a fresh one. */
  public static RetrainRequest operator(String model, String reason, String requestedBy, String requestId, Instant now) {
    return request(requestId == null ? "operator-" + UUID.randomUUID() : requestId, RetrainTrigger.OPERATOR, requestedBy, reason, model, null, now);
  }

  /**
   * A request for a firing Alertmanager group. The id is derived from the group and when its
   * incident started, so Alertmanager's repeated notifications of one incident ask once.
   */
  public static RetrainRequest alertmanager(String model, String groupKey, Instant incidentStart, String alertNames, Instant now) {
    String id = "alertmanager-" + sha256(groupKey + "|" + incidentStart).substring(0, 20);
    return request(id, RetrainTrigger.ALERTMANAGER, "alertmanager", "Prometheus alert " + alertNames, model, null, now);
  }

  private static RetrainRequest request(String id, RetrainTrigger trigger, String by, String reason, String model, Instant feedbackSince, Instant now) {
    return RetrainRequest.newBuilder()
        .setRequestId(id)
        .setRequestedAt(now)
        .setTrigger(trigger)
        .setRequestedBy(by)
        .setReason(reason)
        .setModel(model)
        .setBaseVersion(null)
        .setAlertId(null)
        .setEvidence(List.of())
        .setDataPolicy(DataPolicy.newBuilder().setName("generalist").setDomains(List.of()).setBalance(BalancePolicy.DOMAIN_AND_CLASS)
            .setFeedbackSince(feedbackSince).setMaxExamples(null).setSeed(42).build())
        .build();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
