package io.hookline.core.model;

import io.hookline.core.features.EngineeredFeature;
import java.util.ArrayList;
import java.util.List;

/**
 * The names attributions go by, in explanations, in the detector's inference records and in the
 * monitor's and the trainer's aggregates, whichever family explained: every engineered signal by
 * its feature name, and these for the words.
 */
public final class AttributionNames {
  /** What every name of a term about the message's words (as tokens) starts with. */
  public static final String TOKEN_PREFIX = "token.";
  /** The total |SHAP| of the message's present tokens, as the profile's mean |SHAP| names it. */
  public static final String TOKEN_PRESENT = "token.present";
  /** The words the message lacks, as one term. */
  public static final String TOKEN_ABSENT = "token.absent";
  /** The present tokens not named one by one, as one term. */
  public static final String TOKEN_OTHER = "token.other";
  /** The total |SHAP| of the message's present tokens taken one by one, in an inference record. */
  public static final String TOKEN_MAGNITUDE = "token.magnitude";
  /** A token named one by one: {@code token:WORD (FIELD)}. */
  public static final String NAMED_TOKEN_PREFIX = "token:";
  /** A word or phrase of the text, explained by Partition SHAP: {@code text:PHRASE}. */
  public static final String PHRASE_PREFIX = "text:";
  /** The text as a sentence encoder reads it, as one term. */
  public static final String ENCODED_TEXT = "text.encoder";
  /** The text as a sequence classifier reads it, as one term. */
  public static final String CLASSIFIED_TEXT = "text.classifier";

  private AttributionNames() {}

  /**
   * Whether the term is a text read as a whole, which a detailed explanation splits into words and
   * phrases ({@link PhishingModel#explainInDetail}).
   */
  public static boolean wholeText(String name) {
    return name.equals(ENCODED_TEXT) || name.equals(CLASSIFIED_TEXT);
  }

  /** The terms whose SHAP-value distributions a reference profile keeps: every signal, and the absent tokens. */
  public static List<String> distributed() {
    List<String> names = new ArrayList<>();
    for (EngineeredFeature signal : EngineeredFeature.values()) {
      names.add(signal.featureName());
    }
    names.add(TOKEN_ABSENT);
    return names;
  }
}
