package io.hookline.core.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A kind of model: how it trains, and how it reads its artifact back. The default is {@link
 * AdditiveFamily}; a transformer family (TorchScript or ONNX with a Hugging Face tokenizer, GPU
 * when present, explained by budgeted sampling SHAP) plugs in here with its own feature input.
 */
public interface ModelFamily {

  /** Stable name stored in model metadata, for example {@code additive-ngram}. */
  String name();

  /**
   * @param train examples to fit on
   * @param validation held-out examples for calibration and the threshold
   */
  PhishingModel train(List<TrainingExample> train, List<TrainingExample> validation, TrainingConfig config, TrainingProgress progress);

  /** Reads the model files a verified artifact directory holds. */
  PhishingModel load(Path directory, ModelMetadata metadata) throws IOException;
}
