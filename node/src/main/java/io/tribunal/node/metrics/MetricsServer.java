package io.tribunal.node.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tribunal.node.http.HttpServers;
import io.tribunal.node.http.JsonReply;
import io.tribunal.node.http.SafeHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} (Prometheus text) and {@code GET /health} (JSON) on a server from {@link
 * HttpServers} (its timeouts and connection cap). Other paths are a JSON 404, other methods a JSON
 * 405, and a failure while scraping a 500 with a request id.
 */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;
  private final Metrics metrics;
  private final Health health;

  private MetricsServer(HttpServer server, Metrics metrics, Health health) {
    this.server = server;
    this.metrics = metrics;
    this.health = health;
  }

  public static MetricsServer start(String host, int port, Metrics metrics, Health health) {
    try {
      HttpServer s = HttpServers.create(new InetSocketAddress(host, port));
      MetricsServer ms = new MetricsServer(s, metrics, health);
      s.createContext("/", SafeHandler.wrap("metrics", ms::handle));
      s.start();
      return ms;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for metrics on " + host + ":" + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    if (!path.equals("/metrics") && !path.equals("/health")) {
      JsonReply.error(ex, 404, "not found: this server answers GET /metrics and GET /health");
      return;
    }
    if (!ex.getRequestMethod().equals("GET")) {
      ex.getResponseHeaders().set("Allow", "GET");
      JsonReply.error(ex, 405, "method not allowed: use GET");
      return;
    }
    if (path.equals("/metrics")) {
      JsonReply.send(
          ex,
          200,
          "text/plain; version=0.0.4; charset=utf-8",
          metrics.scrape().getBytes(StandardCharsets.UTF_8));
    } else {
      JsonReply.send(
          ex,
          health.healthy() ? 200 : 503,
          "application/json",
          health.json().getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
