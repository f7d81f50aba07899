package io.hookline.core.topics;

import io.hookline.avro.FeedbackSource;
import io.hookline.avro.LabelFeedback;
import io.hookline.core.corpus.Labels;
import java.time.Instant;

/**
 * An analyst's label for one message, checked the same way on every path labels come in by (the
 * trainer's {@code POST /feedback}, {@code hookline feedback}): a message id a Kafka key and a
 * label request can carry, a label spelled as public data sets spell it, a reporter kept short.
 */
public final class AnalystLabels {
  /** The longest message id accepted: what an RFC 5322 line allows. */
  public static final int MAX_MESSAGE_ID = 998;
  private static final int MAX_REPORTER = 200;

  private AnalystLabels() {}

  /**
   * @param reporter a pseudonymous id, or null
   * @throws IllegalArgumentException naming what is wrong with the id or the label
   */
  public static LabelFeedback of(String messageId, String label, String reporter, Instant at) {
    String id = messageId == null ? "" : messageId.trim();
    if (id.isEmpty() || id.length() > MAX_MESSAGE_ID) {
      throw new IllegalArgumentException("a message id of 1 to " + MAX_MESSAGE_ID + " characters is required");
    }
    var parsed = Labels.parse(label);
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException("the label must be phishing or legitimate (or 1/0, spam/ham), not " + (label == null ? "missing" : "'" + shortened(label) + "'"));
    }
    String who = reporter == null || reporter.isBlank() ? null : shortened(reporter.trim());
    return LabelFeedback.newBuilder().setMessageId(id).setLabel(parsed.get()).setReportedAt(at).setSource(FeedbackSource.ANALYST)
        .setReporter(who).build();
  }

  private static String shortened(String text) {
    return text.length() > MAX_REPORTER ? text.substring(0, MAX_REPORTER) : text;
  }
}
