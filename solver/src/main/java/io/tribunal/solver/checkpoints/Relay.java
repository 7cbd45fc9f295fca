package io.tribunal.solver.checkpoints;

/**
 * What {@code POST /v1/jobs} hands a request body to. The implementation validates everything
 * before sending anything on-chain; a {@link Rejected} becomes a 4xx JSON error.
 */
public interface Relay {
  /** Returns the JSON response body (202). */
  String submit(byte[] body);

  /** A request the relay refuses: the HTTP status (4xx) and a one-line reason. */
  final class Rejected extends RuntimeException {
    private final int status;

    public Rejected(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }
}
