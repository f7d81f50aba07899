package io.hookline.monitor.stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookline.monitor.alerting.WindowJudge;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A model version's carried-over monitoring state as JSON: small, and readable in the changelog.
 * A field a newer or older build wrote and this one lacks is ignored, and one it lacks takes its
 * default, so the stores survive an upgrade.
 */
final class ModelStateSerde implements Serde<WindowJudge.ModelState> {
  private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @Override
  public Serializer<WindowJudge.ModelState> serializer() {
    return (topic, state) -> {
      try {
        return state == null ? null : JSON.writeValueAsBytes(state);
      } catch (IOException e) {
        throw new SerializationException("cannot write monitor state", e);
      }
    };
  }

  @Override
  public Deserializer<WindowJudge.ModelState> deserializer() {
    return (topic, data) -> {
      try {
        return data == null ? null : JSON.readValue(data, WindowJudge.ModelState.class);
      } catch (IOException e) {
        throw new SerializationException("undecodable monitor state", e);
      }
    };
  }
}
