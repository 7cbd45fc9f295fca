package io.tribunal.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP to a solver's relay/checkpoint server on 127.0.0.1, as a user's client sends it. */
final class RelayHttp {
  private RelayHttp() {}

  /** POSTs {@code body} (JSON) to {@code /v1/jobs} on {@code port}. */
  static HttpResponse<String> post(int port, String body) {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jobs"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** GETs {@code path} on {@code port}. */
  static HttpResponse<String> get(int port, String path) {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
