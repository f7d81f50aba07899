package io.hookline.core.model;

/** Hears about training as it goes, to show progress. */
@FunctionalInterface
public interface TrainingProgress {
  TrainingProgress SILENT = (epoch, epochs, loss) -> {};

  void epochDone(int epoch, int epochs, double meanLoss);
}
