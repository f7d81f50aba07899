package io.hookline.embedded.junit;

import io.hookline.embedded.EmbeddedStack;
import io.hookline.embedded.kafka.EmbeddedKafkaSettings;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a running {@link EmbeddedStack} (broker and schema registry), started once per
 * test run and shared by every test class that asks for it, then stopped when the run ends.
 *
 * <pre>
 * {@literal @}ExtendWith(EmbeddedStackExtension.class)
 * class SomeIT {
 *   {@literal @}Test void works(EmbeddedStack stack) { ... }
 * }
 * </pre>
 *
 * Tests share the broker, so each should use topic names of its own.
 */
public final class EmbeddedStackExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shared(context);
  }

  /** The run's stack, started on first use. */
  public static EmbeddedStack shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(EmbeddedStackExtension.class))
        .getOrComputeIfAbsent(
            SharedStack.class, k -> new SharedStack(EmbeddedStack.start(EmbeddedKafkaSettings.temporary())), SharedStack.class)
        .stack();
  }

  /** Closed by JUnit when the root context closes, at the end of the run. */
  private record SharedStack(EmbeddedStack stack) implements AutoCloseable {
    @Override
    public void close() {
      stack.close();
    }
  }
}
