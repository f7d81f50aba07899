package io.hookline.trainer.feedback;

import io.hookline.avro.EmailMessage;
import io.hookline.avro.Label;
import io.hookline.avro.LabelFeedback;
import io.hookline.core.features.FeatureExtractor;
import io.hookline.core.model.TrainingExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labelled live mail the trainer can learn from: the recent inbound messages (the feedback
 * topic carries only ids and labels), and, for those whose true label arrived, the labelled
 * example. Both are bounded, oldest first out; a message labelled twice keeps its latest label.
 */
public final class RecentFeedback {
  /** The domain labelled live traffic is counted under in mixes and evaluations. */
  public static final String DOMAIN = "feedback";

  /** One labelled live message, featurized, with when the gateway received it and when its label arrived. */
  public record Labelled(String messageId, TrainingExample example, Instant receivedAt, Instant labelledAt) {}

  private final FeatureExtractor extractor;
  private final Map<String, EmailMessage> inbound;
  private final Map<String, Labelled> labelled;
  private final Map<String, LabelFeedback> waiting;

  public RecentFeedback(FeatureExtractor extractor, int capacity) {
    this.extractor = extractor;
    this.inbound = bounded(capacity);
    this.labelled = bounded(capacity);
    this.waiting = bounded(capacity);
  }

  private static <V> Map<String, V> bounded(int capacity) {
    return new LinkedHashMap<>(1024, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > capacity;
      }
    };
  }

  public synchronized void onMessage(EmailMessage message) {
    if (message == null) {
      return;
    }
    inbound.put(message.getMessageId(), message);
    LabelFeedback early = waiting.remove(message.getMessageId()); // a label may overtake its message
    if (early != null) {
      onFeedback(early);
    }
  }

  public synchronized void onFeedback(LabelFeedback feedback) {
    if (feedback == null || feedback.getLabel() == Label.UNKNOWN) {
      return;
    }
    EmailMessage message = inbound.get(feedback.getMessageId());
    if (message == null) {
      waiting.put(feedback.getMessageId(), feedback);
      return;
    }
    TrainingExample example = new TrainingExample(extractor.extract(message), feedback.getLabel() == Label.PHISHING ? 1 : 0, DOMAIN);
    labelled.remove(feedback.getMessageId());
    labelled.put(feedback.getMessageId(), new Labelled(feedback.getMessageId(), example, message.getReceivedAt(), feedback.getReportedAt()));
  }

  /** Labelled live messages whose label arrived at or after {@code since} (all when null), oldest first. */
  public synchronized List<Labelled> since(Instant since) {
    List<Labelled> out = new ArrayList<>();
    for (Labelled l : labelled.values()) {
      if (since == null || !l.labelledAt().isBefore(since)) {
        out.add(l);
      }
    }
    return out;
  }

  public synchronized int labelledCount() {
    return labelled.size();
  }
}
