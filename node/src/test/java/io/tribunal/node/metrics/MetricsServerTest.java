package io.tribunal.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.node.http.SafeHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** /metrics and /health answer; anything else is a JSON 4xx; a failing scrape is a JSON 500. */
class MetricsServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void answersAndRefusesWithJson() throws Exception {
    Metrics metrics = new Metrics("test");
    metrics.counter("tribunal_things_total", "Things").inc();
    Health health = new Health(Duration.ofMinutes(1));
    try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, metrics, health)) {
      URI base = URI.create("http://127.0.0.1:" + server.port());
      HttpResponse<String> scrape = send(base, "/metrics", "GET");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("tribunal_things_total{role=\"test\"} 1\n");
      assertThat(send(base, "/health", "GET").statusCode()).isIn(200, 503);

      assertError(send(base, "/metrics", "POST"), 405, "method not allowed");
      assertError(send(base, "/health", "DELETE"), 405, "method not allowed");
      assertError(send(base, "/", "GET"), 404, "not found");
      assertError(send(base, "/metrics/extra", "GET"), 404, "not found");
    }
  }

  @Test
  void aGaugeThatThrowsIsA500WithARequestId() throws Exception {
    Metrics metrics = new Metrics("test");
    AtomicBoolean broken = new AtomicBoolean(true);
    metrics.gauge(
        "tribunal_fragile",
        "A gauge whose source fails",
        () -> {
          if (broken.get()) {
            throw new IllegalStateException("injected: the source is down");
          }
          return 1;
        });
    try (MetricsServer server =
        MetricsServer.start("127.0.0.1", 0, metrics, new Health(Duration.ofMinutes(1)))) {
      URI base = URI.create("http://127.0.0.1:" + server.port());
      HttpResponse<String> r = send(base, "/metrics", "GET");
      assertThat(r.statusCode()).isEqualTo(500);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.path("error").asText()).isEqualTo("internal_error");
      assertThat(body.path("requestId").asText()).matches("[0-9a-f]{16}");
      assertThat(r.headers().firstValue(SafeHandler.HEADER))
          .hasValue(body.path("requestId").asText());

      broken.set(false);
      assertThat(send(base, "/metrics", "GET").statusCode()).isEqualTo(200);
    }
  }

  private static void assertError(HttpResponse<String> r, int status, String text)
      throws Exception {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(JSON.readTree(r.body()).path("error").asText()).contains(text);
  }

  private HttpResponse<String> send(URI base, String path, String method) throws Exception {
    return client.send(
        HttpRequest.newBuilder(base.resolve(path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
