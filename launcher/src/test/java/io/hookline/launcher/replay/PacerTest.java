package io.hookline.launcher.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pacer against a fake clock: it sleeps exactly until each message is due. */
class PacerTest {
  private long now = 1_000;
  private final List<Long> sleeps = new ArrayList<>();

  private Pacer pacer(double rate) {
    return new Pacer(rate, () -> now, nanos -> {
      sleeps.add(nanos);
      now += nanos;
    });
  }

  @Test
  void spacesMessagesAtTheRate() throws InterruptedException {
    Pacer pacer = pacer(100); // one every 10 ms
    for (int i = 0; i < 4; i++) {
      pacer.awaitNext();
    }
    assertThat(sleeps).containsExactly(10_000_000L, 10_000_000L, 10_000_000L);
  }

  @Test
  void catchesUpAfterAStallInsteadOfLosingRate() throws InterruptedException {
    Pacer pacer = pacer(100);
    pacer.awaitNext();
    now += 35_000_000L; // a 35 ms stall: messages 2, 3 and 4 are already due
    pacer.awaitNext();
    pacer.awaitNext();
    pacer.awaitNext();
    pacer.awaitNext(); // message 5 is due at 40 ms
    assertThat(sleeps).containsExactly(5_000_000L);
  }

  @Test
  void zeroMeansAsFastAsPossible() throws InterruptedException {
    Pacer pacer = pacer(0);
    for (int i = 0; i < 100; i++) {
      pacer.awaitNext();
    }
    assertThat(sleeps).isEmpty();
  }
}
