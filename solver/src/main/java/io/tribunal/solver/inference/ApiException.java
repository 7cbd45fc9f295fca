package io.tribunal.solver.inference;

import java.util.Map;

/**
 * A request the server refuses: HTTP status, a stable machine-readable code, a message naming the
 * problem, and optional extra JSON fields (e.g. the price in a 402). Thrown before any state
 * change, so refusing never alters the best voucher of any channel.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final transient Map<String, Object> extra;

  public ApiException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  public ApiException(int status, String code, String message, Map<String, Object> extra) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.extra = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Map<String, Object> extra() {
    return extra;
  }

  static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }
}
