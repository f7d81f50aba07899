package io.hookline.launcher.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one play of the loop measured.
 *
 * @param alarmDelay shifted messages answered by the time the first alert was seen; -1 for none
 * @param labelRequests label requests the monitor published
 * @param familiarLabels true labels published in the familiar phase
 * @param shiftedLabels true labels published in the shifted phase: the repair's evidence
 * @param shiftedMessages messages the shifted phase played
 * @param f1Before F1 of the first model on the shifted phase
 * @param f1After F1 of the model in service at the end on the held-out phase (NaN when the
 *     phase holds no phishing or no verdict by it)
 * @param promotionReasons why each promoted model was promoted, in order
 * @param rejectionReasons why each rejected request was rejected, in order
 */
public record ScenarioResult(
    long alarmDelay,
    int retrainRequests,
    int promotions,
    int rejections,
    long labelRequests,
    long familiarLabels,
    long shiftedLabels,
    long shiftedMessages,
    double f1Before,
    double f1After,
    String firstModel,
    String finalModel,
    long published,
    long answered,
    long duplicates,
    Duration wallTime,
    List<String> promotionReasons,
    List<String> rejectionReasons) {

  /** Share of the shifted phase whose labels were given. */
  public double labelledShare() {
    return shiftedMessages == 0 ? 0 : (double) shiftedLabels / shiftedMessages;
  }

  public Map<String, Object> asMap() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("alarmDelayMessages", alarmDelay);
    json.put("retrainRequests", retrainRequests);
    json.put("promotions", promotions);
    json.put("rejections", rejections);
    json.put("labelRequests", labelRequests);
    json.put("familiarLabels", familiarLabels);
    json.put("shiftedLabels", shiftedLabels);
    json.put("shiftedMessages", shiftedMessages);
    json.put("labelledShare", labelledShare());
    json.put("f1Before", Double.isNaN(f1Before) ? null : f1Before);
    json.put("f1After", Double.isNaN(f1After) ? null : f1After);
    json.put("firstModel", firstModel);
    json.put("finalModel", finalModel);
    json.put("published", published);
    json.put("answered", answered);
    json.put("answeredTwice", duplicates);
    json.put("wallTimeSeconds", wallTime.toMillis() / 1000.0);
    json.put("promotionReasons", promotionReasons);
    json.put("rejectionReasons", rejectionReasons);
    return json;
  }

  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), asMap());
  }
}
