package io.hookline.core.model;

/** A model artifact is incomplete, corrupt or tampered with, and was refused. */
public final class ModelIntegrityException extends RuntimeException {
  public ModelIntegrityException(String message) {
    super(message);
  }

  public ModelIntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
