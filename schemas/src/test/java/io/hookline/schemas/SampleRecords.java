package io.hookline.schemas;

import io.hookline.avro.AlertState;
import io.hookline.avro.Attachment;
import io.hookline.avro.AttributionDrift;
import io.hookline.avro.AuthResult;
import io.hookline.avro.AuthenticationVerdicts;
import io.hookline.avro.BalancePolicy;
import io.hookline.avro.ChangeSignal;
import io.hookline.avro.CorpusOrigin;
import io.hookline.avro.DataPolicy;
import io.hookline.avro.DeadLetter;
import io.hookline.avro.DriftAlert;
import io.hookline.avro.DriftReport;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.Envelope;
import io.hookline.avro.Evidence;
import io.hookline.avro.FailureKind;
import io.hookline.avro.FeatureShift;
import io.hookline.avro.FeedbackSource;
import io.hookline.avro.HeaderField;
import io.hookline.avro.InferenceRecord;
import io.hookline.avro.Label;
import io.hookline.avro.LabelFeedback;
import io.hookline.avro.Link;
import io.hookline.avro.MailHeaders;
import io.hookline.avro.LabelRequest;
import io.hookline.avro.ModelEvent;
import io.hookline.avro.ModelEventKind;
import io.hookline.avro.ModelRef;
import io.hookline.avro.Performance;
import io.hookline.avro.PredictionDrift;
import io.hookline.avro.Reason;
import io.hookline.avro.RetrainRequest;
import io.hookline.avro.RetrainTrigger;
import io.hookline.avro.Severity;
import io.hookline.avro.TokenNovelty;
import io.hookline.avro.Truncation;
import io.hookline.avro.Verdict;
import io.hookline.avro.Window;
import io.hookline.avro.WindowKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One fully populated instance of every contract, with every optional field set, so a round trip
 * exercises every field. Shared with other modules' tests through this module's test jar.
 */
public final class SampleRecords {
  private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
  private static final ModelRef MODEL = new ModelRef("phish-additive", "2026.11.27-1");
  private static final Window WINDOW = new Window(T0, T0.plusSeconds(60), WindowKind.TIME, 1200L);
  private static final Evidence EVIDENCE = new Evidence("psi", "url.count", 0.42, 0.25);

  private SampleRecords() {}

  /** One of each type in {@link Contracts#ALL}, in the same order. */
  public static List<SpecificRecord> all() {
    return List.of(
        emailMessage("msg-0001"),
        verdict(),
        inferenceRecord(),
        labelFeedback(),
        deadLetter(),
        driftReport(),
        driftAlert(),
        retrainRequest(),
        modelEvent(),
        labelRequest());
  }

  public static EmailMessage emailMessage(String id) {
    return EmailMessage.newBuilder()
        .setMessageId(id)
        .setTenant("example.org")
        .setReceivedAt(T0)
        .setEnvelope(new Envelope("bounce@paypa1-secure.example", List.of("alice@example.org"), "185.23.4.5", "mail.paypa1-secure.example"))
        .setHeaders(
            MailHeaders.newBuilder()
                .setFrom("\"PayPal Service\" <service@paypa1-secure.example>")
                .setReplyTo("collect@elsewhere.example")
                .setReturnPath("<bounce@paypa1-secure.example>")
                .setTo(List.of("alice@example.org"))
                .setCc(List.of("bob@example.org"))
                .setMessageIdHeader("<abc123@paypa1-secure.example>")
                .setDate("Fri, 27 Nov 2026 08:00:00 +0000")
                .setXMailer("Microsoft Outlook 16.0")
                .setReceived(List.of("from mail.paypa1-secure.example (185.23.4.5) by mx.example.org"))
                .setAuthenticationResults(List.of("mx.example.org; spf=fail smtp.mailfrom=paypa1-secure.example"))
                .setContentType("multipart/alternative; boundary=\"b1\"")
                .setOther(List.of(new HeaderField("X-Priority", "1")))
                .build())
        .setSubject("Your account is limited — verify now ✔")
        .setTextBody("Dear customer, verify your account within 24 hours: http://185.23.4.5/login")
        .setHtmlBody("<p>Dear customer, <a href=\"http://185.23.4.5/login\">www.paypal.com</a></p>")
        .setHtmlText("Dear customer, www.paypal.com")
        .setLinks(List.of(new Link("http://185.23.4.5/login", "www.paypal.com"), new Link("http://185.23.4.5/login", null)))
        .setAttachments(List.of(new Attachment("invoice.pdf.exe", "application/octet-stream", 48_213L, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")))
        .setAuthentication(new AuthenticationVerdicts(AuthResult.FAIL, AuthResult.NONE, AuthResult.FAIL))
        .setSizeBytes(5_321L)
        .setTruncations(List.of(Truncation.LINE_LENGTH))
        .setOrigin(new CorpusOrigin("spamassassin", "spam-2", Label.PHISHING))
        .build();
  }

  public static Verdict verdict() {
    return Verdict.newBuilder()
        .setMessageId("msg-0001")
        .setTenant("example.org")
        .setScore(0.987)
        .setLabel(Label.PHISHING)
        .setThreshold(0.5)
        .setModel(MODEL)
        .setDecidedAt(T0.plusMillis(12))
        .setInferenceMicros(85L)
        .setEndToEndMillis(12L)
        .setReasons(List.of(new Reason("url.text_target_mismatch", "url", 2.31, "link text shows www.paypal.com but points to 185.23.4.5")))
        .build();
  }

  public static InferenceRecord inferenceRecord() {
    return InferenceRecord.newBuilder()
        .setMessageId("msg-0001")
        .setTenant("example.org")
        .setReceivedAt(T0)
        .setScoredAt(T0.plusMillis(12))
        .setModel(MODEL)
        .setFeatureSpecVersion("fs-1")
        .setScore(0.987)
        .setLabel(Label.PHISHING)
        .setLogit(4.33)
        .setBaseValue(-1.2)
        .setFeatures(Map.of("url.count", 2.0, "url.ip_literal_host", 1.0))
        .setTokenHashes(List.of(-8_123_456_789L, 42L))
        .setAttributions(List.of(new Reason("url.ip_literal_host", "url", 1.9, ""), new Reason("token:verify", "token", 0.7, "")))
        .setAttributionsComplete(false)
        .setSampleRate(0.25)
        .setSourceDomain("spam-2")
        .build();
  }

  public static LabelFeedback labelFeedback() {
    return new LabelFeedback("msg-0001", "example.org", Label.PHISHING, T0.plusSeconds(3600), FeedbackSource.USER_REPORT, "reporter-7f3a");
  }

  public static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setService("detector")
        .setSourceTopic("mail.inbound")
        .setSourcePartition(3)
        .setSourceOffset(1_234_567L)
        .setKey(ByteBuffer.wrap("msg-0666".getBytes(StandardCharsets.UTF_8)))
        .setValue(ByteBuffer.wrap(new byte[] {1, 0, 0, 0, 7, (byte) 0xff}))
        .setFailure(FailureKind.WRONG_MAGIC_BYTE)
        .setReason("record on topic mail.inbound starts with byte 0x01, not the Confluent magic byte 0x00")
        .setErrorType("io.hookline.schemas.wire.WrongMagicByteException")
        .setFailedAt(T0)
        .build();
  }

  public static DriftReport driftReport() {
    return DriftReport.newBuilder()
        .setWindow(WINDOW)
        .setModel(MODEL)
        .setGeneratedAt(T0.plusSeconds(61))
        .setFeatureShifts(List.of(new FeatureShift("url.count", "url", 0.42, 0.31, 0.28, 1.7, 0.16, List.of(0.0, 1.0, 3.0), List.of(0.5, 0.3, 0.2), List.of(0.2, 0.3, 0.5))))
        .setTokens(new TokenNovelty(0.31, 0.04, 0.22))
        .setPrediction(new PredictionDrift(0.38, 0.35, 0.17, 0.61, 0.29, 0.22))
        .setEstimated(new Performance(0.91, 0.72, 0.80, 1200L, 0.74, 0.85))
        .setMeasured(new Performance(0.88, 0.64, 0.74, 180L, null, null))
        .setAttribution(
            AttributionDrift.newBuilder()
                .setNdcg(0.81)
                .setFamilyShares(Map.of("token", 0.35, "url", 0.45, "header", 0.20))
                .setReferenceFamilyShares(Map.of("token", 0.60, "url", 0.25, "header", 0.15))
                .setExplanationShift(0.27)
                .setTopFeatures(List.of(new Evidence("mean_abs_shap", "url.count", 0.9, 0.3)))
                .build())
        .setChanges(List.of(new ChangeSignal("score", "page-hinkley", true, 57.5)))
        .build();
  }

  public static DriftAlert driftAlert() {
    return DriftAlert.newBuilder()
        .setAlertId("alert-2026-11-27-001")
        .setState(AlertState.FIRING)
        .setSeverity(Severity.CRITICAL)
        .setHeuristic("feature_shift")
        .setSummary("url features shifted (PSI 0.42) for 3 windows; estimated F1 fell to 0.80")
        .setRaisedAt(T0.plusSeconds(180))
        .setModel(MODEL)
        .setWindow(WINDOW)
        .setEvidence(List.of(EVIDENCE))
        .setSampleMessageIds(List.of("msg-0001", "msg-0002"))
        .build();
  }

  public static RetrainRequest retrainRequest() {
    return RetrainRequest.newBuilder()
        .setRequestId("req-0001")
        .setRequestedAt(T0.plusSeconds(181))
        .setTrigger(RetrainTrigger.DRIFT)
        .setRequestedBy("drift-monitor")
        .setReason("feature_shift alert alert-2026-11-27-001")
        .setModel("phish-additive")
        .setBaseVersion("2026.11.27-1")
        .setAlertId("alert-2026-11-27-001")
        .setEvidence(List.of(EVIDENCE))
        .setDataPolicy(new DataPolicy("generalist", List.of("easy-ham-1", "spam-1"), BalancePolicy.DOMAIN_AND_CLASS, T0, 20_000, 7L))
        .build();
  }

  public static LabelRequest labelRequest() {
    return LabelRequest.newBuilder()
        .setMessageId("msg-0001")
        .setModel(MODEL)
        .setRequestedAt(T0.plusSeconds(90))
        .setReceivedAt(T0)
        .setScore(0.48)
        .setPredicted(Label.LEGITIMATE)
        .setNovelty(0.41)
        .setUtility(0.83)
        .setReason("uncertain (score 0.48), 41% unseen tokens")
        .setAlertId("phish-additive/2026.11.27-1/1796457600000")
        .build();
  }

  public static ModelEvent modelEvent() {
    return ModelEvent.newBuilder()
        .setModel(new ModelRef("phish-additive", "2026.11.27-2"))
        .setKind(ModelEventKind.PROMOTED)
        .setOccurredAt(T0.plusSeconds(400))
        .setFamily("additive-ngram")
        .setFeatureSpecVersion("fs-1")
        .setLocation("file:///var/lib/hookline/models/phish-additive/2026.11.27-2")
        .setSha256("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")
        .setMetrics(Map.of("f1.shift", 0.96, "f1.random", 0.99))
        .setTrainingDomains(List.of("easy-ham-1", "spam-1", "feedback"))
        .setRequestId("req-0001")
        .setReason("beats 2026.11.27-1 on drifted traffic (F1 0.96 vs 0.74)")
        .build();
  }
}
