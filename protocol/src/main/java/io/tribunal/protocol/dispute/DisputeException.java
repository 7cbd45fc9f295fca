package io.tribunal.protocol.dispute;

/** The chain could not be read or a move could not be sent (not a revert: see the message). */
public final class DisputeException extends RuntimeException {
  public DisputeException(String message, Throwable cause) {
    super(message, cause);
  }
}
