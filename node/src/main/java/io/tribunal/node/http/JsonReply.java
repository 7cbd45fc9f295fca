package io.tribunal.node.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes whole responses: JSON values, JSON errors {@code {"error": ...}}, or raw bytes. */
public final class JsonReply {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonReply() {}

  /** {@code {"error": message}} with {@code status}. */
  public static void error(HttpExchange ex, int status, String message) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message == null ? "error" : message);
    json(ex, status, body);
  }

  /** {@code value} as JSON (Jackson escapes every string, so any message is safe to echo). */
  public static void json(HttpExchange ex, int status, Object value) throws IOException {
    send(ex, status, "application/json", JSON.writeValueAsBytes(value));
  }

  /** Sends headers and the whole body, then closes the body (a HEAD answer carries no body). */
  public static void send(HttpExchange ex, int status, String contentType, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
