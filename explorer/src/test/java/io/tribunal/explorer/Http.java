package io.tribunal.explorer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Test client of the explorer: GETs, JSON, and raw request lines (for malformed input). */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final String base;
  private final int port;

  Http(String base, int port) {
    this.base = base;
    this.port = port;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    return client.send(
        b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode json(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) {
      throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /**
   * The status of a raw {@code METHOD target HTTP/1.1} request; -1 if the server closed at once.
   */
  Raw raw(String method, byte[] target) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write((method + " ").getBytes(StandardCharsets.ISO_8859_1));
      out.write(target);
      out.write(
          " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      if (!reply.startsWith("HTTP/1.1 ")) {
        return new Raw(-1, reply);
      }
      return new Raw(Integer.parseInt(reply.substring(9, 12)), reply);
    }
  }

  record Raw(int status, String text) {}
}
