package io.hookline.core.config;

/** A setting is missing or malformed. The message names the key; it never echoes secrets. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String key, String value, String expected) {
    super("setting " + key + " must be " + expected + ", was '" + value + "'");
  }
}
