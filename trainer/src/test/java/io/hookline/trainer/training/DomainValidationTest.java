package io.hookline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hookline.core.features.FeatureVector;
import io.hookline.core.model.TrainingExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainValidationTest {
  private static TrainingExample example(String domain, double weight) {
    return new TrainingExample(new FeatureVector(new long[0], new int[0], i -> "", new double[44], Map.of()), 0, domain, weight);
  }

  @Test
  void classesKeepTheirWeight() {
    List<TrainingExample> examples = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      examples.add(example("ham", 1));
    }
    for (int i = 0; i < 10; i++) {
      examples.add(new TrainingExample(example("spam", 1).vector(), 1, "spam", 1));
    }
    List<TrainingExample> balanced = DomainValidation.balanced(examples);
    assertThat(balanced.stream().filter(e -> e.phishing() == 1).mapToDouble(TrainingExample::weight).sum()).isCloseTo(10, within(1e-9));
  }

  @Test
  void withinAClassDomainsWeighByTheSquareRootOfTheirSizeAndKeepTheirInnerProportions() {
    List<TrainingExample> examples = new ArrayList<>();
    for (int i = 0; i < 900; i++) {
      examples.add(example("large", 1));
    }
    examples.add(example("small", 1));
    examples.add(example("small", 3));
    List<TrainingExample> balanced = DomainValidation.balanced(examples);
    double large = balanced.stream().filter(e -> e.domain().equals("large")).mapToDouble(TrainingExample::weight).sum();
    double small = balanced.stream().filter(e -> e.domain().equals("small")).mapToDouble(TrainingExample::weight).sum();
    assertThat(large / small).isCloseTo(Math.sqrt(900) / Math.sqrt(4), within(1e-6));
    assertThat(large + small).isCloseTo(904, within(1e-6)); // total weight unchanged
    assertThat(balanced.get(901).weight() / balanced.get(900).weight()).isCloseTo(3, within(1e-9));
  }
}
