package io.hookline.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.avro.EmailMessage;
import io.hookline.schemas.Contracts;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class JavaSchemaPropertiesTest {

  @Test
  void removesJavaPropertiesAndNothingElse() {
    Schema generated = Contracts.schemaOf(EmailMessage.class);
    Schema portable = JavaSchemaProperties.strip(generated);

    assertThat(generated.toString()).contains("avro.java.string");
    assertThat(portable.toString()).doesNotContain("avro.java.string");
    // same fields, types, defaults and docs: only the Java hint is gone
    assertThat(SchemaNormalization.parsingFingerprint64(portable)).isEqualTo(SchemaNormalization.parsingFingerprint64(generated));
    assertThat(portable.getField("subject").doc()).isEqualTo(generated.getField("subject").doc());
    assertThat(portable.getField("subject").defaultVal()).isEqualTo("");
  }

  @Test
  void returnsASchemaWithoutJavaPropertiesUnchanged() {
    Schema plain = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");

    assertThat(JavaSchemaProperties.strip(plain)).isSameAs(plain);
  }
}
