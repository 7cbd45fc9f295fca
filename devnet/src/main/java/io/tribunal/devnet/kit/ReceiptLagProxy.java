package io.tribunal.devnet.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSON-RPC proxy (for tests and {@code tribunal demo --receipt-lag-ms}) that reproduces a node
 * whose receipt index lags its state: every {@code eth_getTransactionReceipt} answer is replaced by
 * {@code null} for a random 0..maxLag after the upstream node first returned it, while everything
 * else (the account nonce, blocks with their transactions) passes through at once. The lag of each
 * transaction is fixed by its hash and the seed, so a run is repeatable.
 */
public final class ReceiptLagProxy implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final HttpClient client;
  private final URI upstream;
  private final long maxLagMs;
  private final long seed;
  private final Map<String, Long> firstSeenMs = new ConcurrentHashMap<>();
  private final AtomicLong withheld = new AtomicLong();

  private ReceiptLagProxy(HttpServer server, URI upstream, long maxLagMs, long seed) {
    this.server = server;
    this.upstream = upstream;
    this.maxLagMs = maxLagMs;
    this.seed = seed;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Starts a proxy on a free loopback port in front of {@code upstreamRpcUrl}. */
  public static ReceiptLagProxy start(String upstreamRpcUrl, Duration maxLag, long seed) {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
      ReceiptLagProxy p =
          new ReceiptLagProxy(s, URI.create(upstreamRpcUrl), maxLag.toMillis(), seed);
      s.createContext("/", p::handle);
      s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      s.start();
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the receipt-lag proxy", e);
    }
  }

  /** The proxy's JSON-RPC URL. */
  public String rpcUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many receipt answers were withheld so far. */
  public long withheld() {
    return withheld.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      HttpResponse<byte[]> up;
      try {
        up =
            client.send(
                HttpRequest.newBuilder(upstream)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        ex.sendResponseHeaders(502, -1);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(503, -1);
        return;
      }
      byte[] answer = up.statusCode() == 200 ? lag(body, up.body()) : up.body();
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(up.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(answer);
        }
      }
    }
  }

  private byte[] lag(byte[] request, byte[] response) throws IOException {
    JsonNode req = JSON.readTree(request);
    JsonNode res = JSON.readTree(response);
    boolean changed = false;
    if (req.isArray() && res.isArray()) {
      for (int i = 0; i < res.size(); i++) {
        JsonNode r = res.get(i);
        JsonNode q = byId(req, r.get("id"));
        changed |= q != null && withhold(q, r);
      }
    } else if (req.isObject() && res.isObject()) {
      changed = withhold(req, res);
    }
    return changed ? JSON.writeValueAsBytes(res) : response;
  }

  private static JsonNode byId(JsonNode batch, JsonNode id) {
    for (JsonNode q : batch) {
      if (q.get("id") != null && q.get("id").equals(id)) {
        return q;
      }
    }
    return null;
  }

  /** Replaces a receipt younger than its lag by null; true if it did. */
  private boolean withhold(JsonNode request, JsonNode response) {
    if (!"eth_getTransactionReceipt".equals(request.path("method").asText())
        || !(response instanceof ObjectNode r)
        || r.path("result").isNull()
        || r.path("result").isMissingNode()) {
      return false;
    }
    JsonNode params = request.path("params");
    String hash = params instanceof ArrayNode a && !a.isEmpty() ? a.get(0).asText() : "";
    long now = System.currentTimeMillis();
    long first = firstSeenMs.computeIfAbsent(hash.toLowerCase(java.util.Locale.ROOT), h -> now);
    if (now - first >= lagOf(hash)) {
      return false;
    }
    r.set("result", NullNode.getInstance());
    withheld.incrementAndGet();
    return true;
  }

  private long lagOf(String hash) {
    long h = seed ^ hash.toLowerCase(java.util.Locale.ROOT).hashCode();
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return Math.floorMod(h, maxLagMs + 1);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
