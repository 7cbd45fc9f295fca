package io.tribunal.client.sdk;

/** A server refused a request: HTTP status and the API's error code and message. */
public final class InferenceException extends RuntimeException {
  private final int status;
  private final String code;

  public InferenceException(int status, String code, String message) {
    super(status + " " + code + ": " + message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
