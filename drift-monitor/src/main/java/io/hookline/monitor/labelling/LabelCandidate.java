package io.hookline.monitor.labelling;

import io.hookline.core.topics.AnalystLabels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A scored message whose true label might be worth asking for: how unsure the model was about it
 * (a calibrated score near 0.5) and how new its vocabulary is to the model (the drifted region),
 * averaged into its utility.
 *
 * @param predictedPhishing the verdict the model gave
 * @param novelty share of its tokens missing from the model's training vocabulary, in [0, 1]
 */
public record LabelCandidate(String messageId, long receivedAt, double score, boolean predictedPhishing, double novelty, double utility) {

  /** At most this many candidates are kept per sketch: more than any step asks for. */
  public static final int KEPT = 16;
  /**
   * A message id longer than an analyst's label may name is not offered: a label request must
   * carry the id whole, or the answer would not find its message.
   */
  public static final int MAX_ID_LENGTH = AnalystLabels.MAX_MESSAGE_ID;

  public static LabelCandidate of(String messageId, long receivedAt, double score, boolean predictedPhishing, double novelty) {
    double uncertainty = 1 - Math.abs(2 * score - 1);
    return new LabelCandidate(messageId, receivedAt, score, predictedPhishing, novelty, (uncertainty + novelty) / 2);
  }

  /** Adds a candidate to a list kept to the {@link #KEPT} most useful, most useful first. */
  public static void offer(List<LabelCandidate> kept, LabelCandidate candidate) {
    if (candidate.messageId().length() > MAX_ID_LENGTH || kept.size() >= KEPT && candidate.utility() <= kept.get(kept.size() - 1).utility()) {
      return;
    }
    int at = 0;
    while (at < kept.size() && kept.get(at).utility() >= candidate.utility()) {
      at++;
    }
    kept.add(at, candidate);
    if (kept.size() > KEPT) {
      kept.remove(kept.size() - 1);
    }
  }

  /**
   * Up to {@code budget} candidates, most useful first, skipping one too like a message already
   * picked (score and novelty both within 0.02: most likely the same campaign), so the labels
   * asked for cover the drifted region instead of one corner of it.
   */
  public static List<LabelCandidate> pick(List<LabelCandidate> candidates, int budget) {
    List<LabelCandidate> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparingDouble(LabelCandidate::utility).reversed().thenComparing(LabelCandidate::messageId));
    List<LabelCandidate> picked = new ArrayList<>();
    for (LabelCandidate candidate : sorted) {
      if (picked.size() >= budget) {
        break;
      }
      boolean alike = picked.stream().anyMatch(p -> Math.abs(p.score() - candidate.score()) < 0.02 && Math.abs(p.novelty() - candidate.novelty()) < 0.02);
      if (!alike) {
        picked.add(candidate);
      }
    }
    return picked;
  }
}
