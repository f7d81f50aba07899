package io.hookline.embedded.registry;

/**
 * An error answer of the registry API: HTTP status, Confluent error code and message, as the
 * Confluent Schema Registry spells them, so that its clients understand ours.
 */
final class RegistryError extends RuntimeException {
  static final int SUBJECT_NOT_FOUND = 40401;
  static final int VERSION_NOT_FOUND = 40402;
  static final int SCHEMA_NOT_FOUND = 40403;
  static final int SUBJECT_LEVEL_NOT_CONFIGURED = 40408;
  static final int INVALID_SCHEMA = 42201;
  static final int INVALID_VERSION = 42202;
  static final int INVALID_COMPATIBILITY_LEVEL = 42203;
  static final int STORE_ERROR = 50001;

  private final int status;
  private final int code;

  RegistryError(int status, int code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static RegistryError notFound(int code, String message) {
    return new RegistryError(404, code, message);
  }

  static RegistryError unprocessable(int code, String message) {
    return new RegistryError(422, code, message);
  }

  int status() {
    return status;
  }

  int code() {
    return code;
  }
}
