package io.hookline.launcher;

import io.hookline.core.config.ConfigException;
import io.hookline.core.config.ConfigSource;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Lets flags take durations as {@code 30s}, {@code 5m}, {@code 250ms} or ISO-8601. */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return ConfigSource.of(Map.of("duration", value)).duration("duration", Duration.ZERO);
    } catch (ConfigException e) {
      throw new TypeConversionException("'" + value + "' is not a duration; use 250ms, 30s, 5m, 1h or PT30S");
    }
  }
}
