package io.hookline.launcher.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.avro.Label;
import io.hookline.core.corpus.Corpus;
import io.hookline.core.corpus.CorpusExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayPlanTest {
  private static final Corpus CORPUS = corpus();

  private static Corpus corpus() {
    List<CorpusExample> examples = new ArrayList<>();
    for (String domain : List.of("old-ham", "old-spam", "new-ham", "new-spam")) {
      for (int i = 0; i < 10; i++) {
        examples.add(new CorpusExample(domain + "/" + i, domain, domain.endsWith("spam") ? Label.PHISHING : Label.LEGITIMATE, new byte[] {(byte) i}));
      }
    }
    return Corpus.of("fixture", examples);
  }

  @Test
  void parsesAPhase() {
    ReplayPhase phase = ReplayPhase.parse("shifted=new-ham, new-spam:250");

    assertThat(phase.name()).isEqualTo("shifted");
    assertThat(phase.domains()).containsExactlyInAnyOrder("new-ham", "new-spam");
    assertThat(phase.count()).isEqualTo(250);
    assertThatThrownBy(() -> ReplayPhase.parse("shifted:new-ham")).hasMessageContaining("NAME=DOMAIN");
    assertThatThrownBy(() -> ReplayPhase.parse("x=new-ham:0")).hasMessageContaining("positive count");
  }

  @Test
  void phasesComeInOrderFromTheirOwnDomainsAndUseEveryExampleBeforeRepeating() {
    ReplayPlan plan = ReplayPlan.of(CORPUS, List.of(ReplayPhase.parse("before=old-ham,old-spam:20"), ReplayPhase.parse("after=new-ham,new-spam:30")), 7);

    assertThat(plan.steps()).hasSize(50);
    assertThat(plan.steps().subList(0, 20)).allMatch(s -> s.phase().equals("before") && s.example().domain().startsWith("old"));
    assertThat(plan.steps().subList(20, 50)).allMatch(s -> s.phase().equals("after") && s.example().domain().startsWith("new"));
    long distinctOldHam = plan.steps().stream().filter(s -> s.example().domain().equals("old-ham")).map(s -> s.example().id()).distinct().count();
    long oldHam = plan.steps().stream().filter(s -> s.example().domain().equals("old-ham")).count();
    assertThat(distinctOldHam).isEqualTo(Math.min(oldHam, 10));
  }

  @Test
  void theSameSeedGivesTheSamePlan() {
    List<ReplayPhase> phases = List.of(ReplayPhase.parse("p=old-ham,new-spam:40"));

    assertThat(ReplayPlan.of(CORPUS, phases, 3).steps()).isEqualTo(ReplayPlan.of(CORPUS, phases, 3).steps());
    assertThat(ReplayPlan.of(CORPUS, phases, 3).steps()).isNotEqualTo(ReplayPlan.of(CORPUS, phases, 4).steps());
  }

  @Test
  void refusesADomainTheCorpusLacks() {
    assertThatThrownBy(() -> ReplayPlan.of(CORPUS, List.of(new ReplayPhase("p", Set.of("spam-9"), 1)), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spam-9")
        .hasMessageContaining("old-ham");
  }
}
