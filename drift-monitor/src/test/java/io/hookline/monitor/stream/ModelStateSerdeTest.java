package io.hookline.monitor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.monitor.alerting.WindowJudge;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The carried-over state in the monitor's store outlives an upgrade that adds or drops fields. */
class ModelStateSerdeTest {

  @Test
  void readsTheStateAnEarlierBuildWrote() {
    // as the previous release wrote it: an incident field since dropped, no retrain or step counts yet
    String earlier = "{\"incident\":{\"failing\":2,\"clean\":0,\"activeAlertId\":\"phish/v1/60000\",\"cooldown\":0,\"firstFailingStart\":0},"
        + "\"scoreChange\":[0.1,0.2,3.0],\"errorChange\":null}";
    WindowJudge.ModelState state = new ModelStateSerde().deserializer().deserialize("store", earlier.getBytes(StandardCharsets.UTF_8));

    assertThat(state.incident().activeAlertId()).isEqualTo("phish/v1/60000");
    assertThat(state.incident().failing()).isEqualTo(2);
    assertThat(state.incident().retrainRequests()).isZero();
    assertThat(state.steps()).isZero();
    assertThat(state.scoreChange()).containsExactly(0.1, 0.2, 3.0);
  }
}
