package io.hookline.schemas;

import io.hookline.avro.DeadLetter;
import io.hookline.avro.DriftAlert;
import io.hookline.avro.DriftReport;
import io.hookline.avro.EmailMessage;
import io.hookline.avro.InferenceRecord;
import io.hookline.avro.LabelFeedback;
import io.hookline.avro.LabelRequest;
import io.hookline.avro.ModelEvent;
import io.hookline.avro.RetrainRequest;
import io.hookline.avro.Verdict;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The catalogue of Hookline's topic contracts: every record type that travels as a topic value.
 *
 * <p>Registration at start-up, the compatibility check against released versions and the
 * round-trip tests all iterate this one list, so a new contract cannot be forgotten by one of them.
 */
public final class Contracts {

  /** Every top-level record type, in the order of the topic table in the design brief. */
  public static final List<Class<? extends SpecificRecord>> ALL =
      List.of(
          EmailMessage.class,
          Verdict.class,
          InferenceRecord.class,
          LabelFeedback.class,
          DeadLetter.class,
          DriftReport.class,
          DriftAlert.class,
          RetrainRequest.class,
          ModelEvent.class,
          LabelRequest.class);

  private Contracts() {}

  /** The schema compiled into a generated record class. */
  public static Schema schemaOf(Class<? extends SpecificRecord> type) {
    try {
      return (Schema) type.getField("SCHEMA$").get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(type.getName() + " is not an Avro-generated record", e);
    }
  }
}
