package io.hookline.trainer.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.CorpusSplit;
import io.hookline.core.corpus.SpamAssassinArchive;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DataMixTest {
  private static Corpus corpus;

  @BeforeAll
  static void load() throws Exception {
    corpus = Corpus.load(SpamAssassinArchive.shipped());
  }

  @Test
  void theSpecialistSeesOnlyThe2002Groups() {
    DataMix mix = DataMix.named("specialist", corpus, 1);

    assertThat(mix.domains()).containsExactly("easy-ham-1", "spam-1");
    assertThat(mix.test()).allMatch(e -> CorpusSplit.SHIFT_TEST.contains(e.domain()));
  }

  @Test
  void theGeneralistIsBalancedAndNeverTestedOnWhatItTrainedOn() {
    DataMix mix = DataMix.named("generalist", corpus, 1);

    Map<String, Long> perDomain = mix.train().stream().collect(Collectors.groupingBy(CorpusExample::domain, Collectors.counting()));
    assertThat(perDomain.keySet()).containsExactlyInAnyOrder("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2");
    assertThat(perDomain.values()).allMatch(n -> n <= DataMix.DEFAULT_PER_DOMAIN_CAP);
    assertThat(perDomain.get("hard-ham-1")).isEqualTo(200L);
    Set<String> trained = mix.train().stream().map(CorpusExample::id).collect(Collectors.toSet());
    assertThat(mix.test()).isNotEmpty().noneMatch(e -> trained.contains(e.id()));
    assertThat(mix.test()).allMatch(e -> CorpusSplit.SHIFT_TEST.contains(e.domain()));
    assertThat(mix.test()).hasSize(DataMix.heldOutShiftTest(corpus).size());
  }

  @Test
  void theSameSeedGivesTheSameMix() {
    assertThat(DataMix.named("generalist", corpus, 3).train()).isEqualTo(DataMix.named("generalist", corpus, 3).train());
    assertThat(DataMix.named("generalist", corpus, 3).train()).isNotEqualTo(DataMix.named("generalist", corpus, 4).train());
  }

  @Test
  void refusesAnUnknownMix() {
    assertThatThrownBy(() -> DataMix.named("expert", corpus, 1)).hasMessageContaining("random, specialist, generalist");
  }
}
