package io.hookline.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookline.core.model.encoder.EncoderFamily;
import org.junit.jupiter.api.Test;

class ModelFamiliesTest {

  @Test
  void everyRegisteredFamilyIsFoundByItsNameAndAnUnknownOneIsNamedWithTheKnown() {
    assertThat(ModelFamilies.names()).contains(AdditiveFamily.NAME, EncoderFamily.NAME);
    assertThat(ModelFamilies.named(AdditiveFamily.NAME)).isInstanceOf(AdditiveFamily.class);
    assertThat(ModelFamilies.named(EncoderFamily.NAME).name()).isEqualTo(EncoderFamily.NAME);
    assertThatThrownBy(() -> ModelFamilies.named("llama-3.1-8b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no model family 'llama-3.1-8b'").hasMessageContaining(AdditiveFamily.NAME).hasMessageContaining(EncoderFamily.NAME);
  }
}
