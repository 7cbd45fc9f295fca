package io.tribunal.bindings;

/** The JSON-RPC node cannot be reached or did not answer in time. Retrying later may help. */
public final class ChainUnavailableException extends RuntimeException {
  public ChainUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
