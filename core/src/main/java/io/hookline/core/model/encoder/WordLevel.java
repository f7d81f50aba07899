package io.hookline.core.model.encoder;

import io.hookline.core.features.FeatureFamily;
import io.hookline.core.model.Attribution;
import io.hookline.core.model.AttributionNames;
import io.hookline.core.model.Explanation;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * A text model's explanation down to words: Partition SHAP ({@link PartitionShap}, {@link
 * #BUDGET} masked texts) over the first {@link #WORDS} words gives each word group its share of
 * the text's term; runs of words whose values the budget left together are one phrase. What the
 * words do not account for (the rest of the text, and the difference between the empty text and
 * what the base value stands for) stays one aggregate term, so the terms still sum to the logit
 * exactly.
 */
final class WordLevel {
  /** Masked texts one word-level explanation may run through the model. */
  static final int BUDGET = 96;
  /** Words explained one by one: the opening of a message, where a lure makes its ask. */
  static final int WORDS = 64;

  /** The model's text term for each text, up to a constant shared by all. */
  interface TextTerm {
    double[] of(List<String> texts);
  }

  private WordLevel() {}

  /**
   * @param whole the explanation with the text as one term named {@code textFeature}
   * @param rest how the aggregate term reads
   */
  static Explanation explain(Explanation whole, String textFeature, String text, TextTerm term, String rest) {
    List<String> allWords = List.of(text.isBlank() ? new String[0] : text.split(" "));
    List<String> words = allWords.subList(0, Math.min(WORDS, allWords.size()));
    if (words.isEmpty()) {
      return whole;
    }
    String tail = String.join(" ", allWords.subList(words.size(), allWords.size()));
    PartitionShap.Result shap = new PartitionShap(masks -> term.of(masked(words, tail, masks)), BUDGET).explain(words);
    Attribution textTerm = whole.attributions().stream().filter(a -> a.feature().equals(textFeature)).findFirst().orElseThrow();
    List<Attribution> attributions = new ArrayList<>(whole.attributions());
    attributions.remove(textTerm);
    double explained = 0;
    for (int from = 0; from < words.size(); ) {
      int to = from + 1;
      while (to < words.size() && shap.values()[to] == shap.values()[from]) {
        to++;
      }
      double value = shap.values()[from] * (to - from);
      explained += value;
      String phrase = String.join(" ", words.subList(from, to));
      if (value != 0) {
        attributions.add(new Attribution(AttributionNames.PHRASE_PREFIX + phrase, FeatureFamily.TOKEN, value, (to - from == 1 ? "the word " : "the words ") + "'" + phrase + "'", true));
      }
      from = to;
    }
    attributions.add(new Attribution(textFeature, FeatureFamily.TOKEN, textTerm.value() - explained, rest, false));
    attributions.sort(Comparator.comparingDouble((Attribution a) -> -Math.abs(a.value())));
    return new Explanation(whole.baseValue(), whole.logit(), attributions, whole.tokenMagnitude());
  }

  /** The texts the masks keep: the kept first words, then the rest always. */
  private static List<String> masked(List<String> words, String tail, List<BitSet> masks) {
    List<String> texts = new ArrayList<>(masks.size());
    for (BitSet mask : masks) {
      StringBuilder text = new StringBuilder();
      mask.stream().forEach(i -> text.append(words.get(i)).append(' '));
      texts.add(text.append(tail).toString().strip());
    }
    return texts;
  }
}
