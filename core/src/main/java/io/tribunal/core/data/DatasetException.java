package io.tribunal.core.data;

/** A dataset is missing or malformed; the message says which file and what to do. */
public class DatasetException extends RuntimeException {
  public DatasetException(String message) {
    super(message);
  }

  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
