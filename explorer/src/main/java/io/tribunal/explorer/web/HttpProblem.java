package io.tribunal.explorer.web;

/** A request the explorer answers with a 4xx: {@code status} and a message safe to show. */
final class HttpProblem extends Exception {
  private static final long serialVersionUID = 1L;
  final int status;

  HttpProblem(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static HttpProblem badRequest(String message) {
    return new HttpProblem(400, message);
  }

  static HttpProblem notFound(String message) {
    return new HttpProblem(404, message);
  }
}
