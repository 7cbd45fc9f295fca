package io.tribunal.solver.inference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.node.http.HttpServers;
import io.tribunal.node.http.JsonReply;
import io.tribunal.node.http.SafeHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The paid inference HTTP API (JDK HttpServer, one virtual thread per exchange). Every refusal is a
 * 4xx with {@code {"error": code, "message": ...}}; nothing is written before a request has passed
 * every check; anything unexpected is a 500 with a request id ({@link SafeHandler}). See
 * docs/inference.md for the endpoints and bodies.
 *
 * <p>This class routes (path, method, path parameters) and writes replies; {@link RequestReader}
 * reads bodies, {@link Endpoints} and {@link CooperativeClose} compute the answers.
 */
public final class InferenceServer implements AutoCloseable {
  /** Largest request body accepted (a 784-wide input is ~8 KB of JSON). */
  public static final int MAX_BODY = 64 * 1024;

  private static final Pattern HEX32 = Pattern.compile("0x[0-9a-fA-F]{64}");

  /** The paths this API answers when it shares an HTTP server with the solver daemon's. */
  private static final List<String> CONTEXTS = List.of("/v1/models", "/v1/channels", "/v1/health");

  private final HttpServer http;
  private final boolean ownsHttp;
  private final Endpoints endpoints;
  private final CooperativeClose closes;
  private final InferenceMetrics counters;

  /** What the API answers with: models, prices, the payment check, channels and settlement. */
  public record Parts(
      ModelRegistry models,
      PriceMeter meter,
      PaymentTerms terms,
      PaymentCheck gate,
      ChannelWatcher watcher,
      VoucherStore store,
      VoucherVerifier verifier,
      Settler settler,
      InferenceMetrics metrics) {}

  /** Its own HTTP server on {@code bind} (from {@link HttpServers}); {@link #start} it. */
  public static InferenceServer listen(InetSocketAddress bind, Parts parts) throws IOException {
    return new InferenceServer(HttpServers.create(bind), true, parts);
  }

  /**
   * Answers {@code /v1/models…}, {@code /v1/channels…} and {@code /v1/health} on {@code shared}, an
   * HTTP server someone else runs (the solver daemon's, whose other paths stay its own).
   */
  public static InferenceServer attach(HttpServer shared, Parts parts) {
    return new InferenceServer(shared, false, parts);
  }

  private InferenceServer(HttpServer http, boolean ownsHttp, Parts parts) {
    this.endpoints = new Endpoints(parts);
    this.closes = new CooperativeClose(parts.watcher(), parts.verifier(), parts.settler());
    this.counters = parts.metrics();
    this.http = http;
    this.ownsHttp = ownsHttp;
    if (ownsHttp) {
      http.createContext("/", SafeHandler.wrap("inference", this::handle));
    } else {
      CONTEXTS.forEach(c -> http.createContext(c, SafeHandler.wrap("inference", this::handle)));
    }
  }

  /** Starts its own HTTP server (a shared one is started by its owner). */
  public void start() {
    if (ownsHttp) {
      http.start();
    }
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /** One exchange; SafeHandler closes it and turns anything but an ApiException into a 500. */
  private void handle(HttpExchange ex) throws IOException {
    Object body;
    int status = 200;
    try {
      body = route(ex);
    } catch (ApiException e) {
      status = e.status();
      body = error(e);
      counters.refused(e.code());
    }
    if (body instanceof byte[] raw) {
      JsonReply.send(ex, status, "application/octet-stream", raw);
    } else {
      JsonReply.send(ex, status, "application/json", RequestReader.JSON.writeValueAsBytes(body));
    }
  }

  private Object route(HttpExchange ex) throws IOException {
    String[] p = ex.getRequestURI().getRawPath().split("/", -1);
    String method = ex.getRequestMethod();
    if (p.length == 3 && p[1].equals("v1") && p[2].equals("health")) {
      return only(method, "GET", endpoints.health());
    }
    if (p.length == 3 && p[1].equals("v1") && p[2].equals("models")) {
      return only(method, "GET", endpoints.listModels());
    }
    if (p.length == 5 && p[1].equals("v1") && p[2].equals("models")) {
      Bytes32 hash = hash(p[3], "model hash");
      return switch (p[4]) {
        case "price" -> only(method, "GET", endpoints.price(hash));
        case "infer" -> {
          requirePost(method);
          yield endpoints.infer(hash, RequestReader.readInfer(ex));
        }
        case "checkpoint" -> only(method, "GET", endpoints.checkpoint(hash));
        default -> throw notFound(ex);
      };
    }
    if (p.length == 5 && p[1].equals("v1") && p[2].equals("channels")) {
      Bytes32 id = hash(p[3], "channel id");
      return switch (p[4]) {
        case "voucher" -> only(method, "GET", endpoints.lastVoucher(id));
        case "close" -> {
          requirePost(method);
          yield closes.close(id, RequestReader.readJson(ex));
        }
        default -> throw notFound(ex);
      };
    }
    throw notFound(ex);
  }

  private static Bytes32 hash(String s, String what) {
    if (!HEX32.matcher(s).matches()) {
      throw ApiException.badRequest(
          "bad_" + what.replace(' ', '_'), what + " must be 0x + 64 hex digits");
    }
    return Bytes32.fromHex(s);
  }

  private static Object only(String method, String allowed, Object result) {
    if (!method.equals(allowed)) {
      throw new ApiException(405, "method_not_allowed", "use " + allowed);
    }
    return result;
  }

  private static void requirePost(String method) {
    if (!method.equals("POST")) {
      throw new ApiException(405, "method_not_allowed", "use POST");
    }
  }

  private static ApiException notFound(HttpExchange ex) {
    return new ApiException(
        404,
        "not_found",
        "no endpoint " + ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath());
  }

  private static Map<String, Object> error(ApiException e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", e.code());
    m.put("message", e.getMessage());
    m.putAll(e.extra());
    return m;
  }

  @Override
  public void close() {
    if (ownsHttp) {
      http.stop(0);
    } else {
      CONTEXTS.forEach(http::removeContext);
    }
  }
}
