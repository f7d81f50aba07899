package io.hookline.trainer.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.avro.BalancePolicy;
import io.hookline.avro.DataPolicy;
import io.hookline.avro.Label;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import io.hookline.core.corpus.CorpusSplit;
import io.hookline.core.corpus.SpamAssassinArchive;
import java.util.List;
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
  void aRequestsPolicyIsWhatTheMixHolds() {
    DataMix twoDomains = DataMix.forPolicy(corpus, policy("custom", List.of("easy-ham-2", "spam-2"), BalancePolicy.DOMAIN, null), 300);
    Map<String, Long> perDomain = twoDomains.train().stream().collect(Collectors.groupingBy(CorpusExample::domain, Collectors.counting()));
    assertThat(perDomain).containsOnlyKeys("easy-ham-2", "spam-2").allSatisfy((domain, n) -> assertThat(n).isEqualTo(300L));
    assertThat(twoDomains.test()).isNotEmpty().allMatch(e -> Set.of("easy-ham-2", "spam-2").contains(e.domain()));
    assertThat(twoDomains.name()).isEqualTo("custom");

    DataMix byClass = DataMix.forPolicy(corpus, policy("even", List.of(), BalancePolicy.CLASS, null), 800);
    Map<Label, Long> perClass = byClass.train().stream().collect(Collectors.groupingBy(CorpusExample::label, Collectors.counting()));
    assertThat(perClass.get(Label.PHISHING)).isEqualTo(perClass.get(Label.LEGITIMATE));

    DataMix everything = DataMix.forPolicy(corpus, policy("all", List.of(), BalancePolicy.NONE, null), 10);
    assertThat(everything.train()).hasSize(CorpusSplit.named("random", corpus).train().size());
    DataMix capped = DataMix.forPolicy(corpus, policy("small", List.of(), BalancePolicy.DOMAIN_AND_CLASS, 500), 800);
    assertThat(capped.train().size()).isLessThanOrEqualTo(500);

    assertThatThrownBy(() -> DataMix.forPolicy(corpus, policy("x", List.of("easy-ham-9"), BalancePolicy.DOMAIN, null), 100))
        .hasMessageContaining("no domain [easy-ham-9]");
  }

  private static DataPolicy policy(String name, List<String> domains, BalancePolicy balance, Integer max) {
    return DataPolicy.newBuilder().setName(name).setDomains(domains).setBalance(balance).setFeedbackSince(null).setMaxExamples(max).setSeed(5).build();
  }

  @Test
  void refusesAnUnknownMix() {
    assertThatThrownBy(() -> DataMix.named("expert", corpus, 1)).hasMessageContaining("random, specialist, generalist");
  }
}
