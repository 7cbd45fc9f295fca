package io.tribunal.explorer.web;

import com.sun.net.httpserver.HttpExchange;
import io.tribunal.node.http.JsonReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The stylesheet and the live script, served from the jar (no CDN, nothing fetched elsewhere). */
final class StaticFiles {
  private static final Map<String, String> TYPES =
      Map.of(
          "explorer.css", "text/css; charset=utf-8",
          "live.js", "text/javascript; charset=utf-8");
  private static final Map<String, byte[]> FILES =
      Map.of("explorer.css", load("explorer.css"), "live.js", load("live.js"));

  private StaticFiles() {}

  static void send(HttpExchange ex, String name) throws IOException {
    byte[] body = FILES.get(name);
    if (body == null) {
      JsonReply.send(
          ex,
          404,
          "text/plain; charset=utf-8",
          "no such file".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return;
    }
    ex.getResponseHeaders().set("Cache-Control", "max-age=300");
    JsonReply.send(ex, 200, TYPES.get(name), body);
  }

  private static byte[] load(String name) {
    try (InputStream in = StaticFiles.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
