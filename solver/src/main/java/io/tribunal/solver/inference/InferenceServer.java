package io.tribunal.solver.inference;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.protocol.http.HttpServers;
import io.tribunal.protocol.http.JsonReply;
import io.tribunal.protocol.http.RequestBodies;
import io.tribunal.protocol.http.SafeHandler;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The paid inference HTTP API (JDK HttpServer, one virtual thread per exchange). Every refusal is a
 * 4xx with {@code {"error": code, "message": ...}}; nothing is written before a request has passed
 * every check; anything unexpected is a 500 with a request id ({@link SafeHandler}). See
 * docs/inference.md for the endpoints and bodies.
 */
public final class InferenceServer implements AutoCloseable {
  /** Largest request body accepted (a 784-wide input is ~8 KB of JSON). */
  public static final int MAX_BODY = 64 * 1024;

  private static final Pattern HEX32 = Pattern.compile("0x[0-9a-fA-F]{64}");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  // reads one value out of a body being streamed: must not demand end-of-input after it
  private static final ObjectMapper SUBTREE = new ObjectMapper();

  /** The paths this API answers when it shares an HTTP server with the solver daemon's. */
  private static final List<String> CONTEXTS = List.of("/v1/models", "/v1/channels", "/v1/health");

  private final HttpServer http;
  private final boolean ownsHttp;
  private final ModelRegistry models;
  private final PriceMeter meter;
  private final PaymentTerms terms;
  private final PaymentCheck gate;
  private final ChannelWatcher watcher;
  private final VoucherStore store;
  private final VoucherVerifier verifier;
  private final Settler settler;
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
    this.models = parts.models();
    this.meter = parts.meter();
    this.terms = parts.terms();
    this.gate = parts.gate();
    this.watcher = parts.watcher();
    this.store = parts.store();
    this.verifier = parts.verifier();
    this.settler = parts.settler();
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
      JsonReply.send(ex, status, "application/json", JSON.writeValueAsBytes(body));
    }
  }

  private Object route(HttpExchange ex) throws IOException {
    String[] p = ex.getRequestURI().getRawPath().split("/", -1);
    String method = ex.getRequestMethod();
    if (p.length == 3 && p[1].equals("v1") && p[2].equals("health")) {
      return only(method, "GET", health());
    }
    if (p.length == 3 && p[1].equals("v1") && p[2].equals("models")) {
      return only(method, "GET", models.all().stream().map(this::quote).toList());
    }
    if (p.length == 5 && p[1].equals("v1") && p[2].equals("models")) {
      Bytes32 hash = hash(p[3], "model hash");
      return switch (p[4]) {
        case "price" -> only(method, "GET", quote(models.require(hash)));
        case "infer" -> {
          requirePost(method);
          yield infer(hash, readInfer(ex));
        }
        case "checkpoint" -> only(method, "GET", checkpoint(hash));
        default -> throw notFound(ex);
      };
    }
    if (p.length == 5 && p[1].equals("v1") && p[2].equals("channels")) {
      Bytes32 id = hash(p[3], "channel id");
      return switch (p[4]) {
        case "voucher" -> only(method, "GET", lastVoucher(id));
        case "close" -> {
          requirePost(method);
          yield close(id, readJson(ex));
        }
        default -> throw notFound(ex);
      };
    }
    throw notFound(ex);
  }

  private Map<String, Object> health() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "ok");
    m.put("payee", terms.payee());
    m.put("channelContract", terms.channelContract());
    m.put("chainId", terms.chainId());
    m.put("models", models.all().size());
    return m;
  }

  private Map<String, Object> quote(ServedModel m) {
    return terms.quote(m, meter.price(m.ops()), meter.pricePerMop());
  }

  private Map<String, Object> infer(Bytes32 hash, InferRequest body) {
    ServedModel model = models.require(hash);
    int[] input = body.input(model.spec().inputWidth());
    BigInteger price = meter.price(model.ops());
    Optional<AcceptedVoucher> paid = gate.pay(body.payment(), price, () -> quote(model));
    int[] logits = model.forward().logits(input);
    paid.ifPresent(v -> counters.paid(price));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", hash.hex());
    m.put("prediction", ForwardPass.argmax(logits));
    m.put("logits", logits);
    m.put("ops", model.ops());
    m.put("price", price.toString());
    m.put("voucher", paid.map(AcceptedVoucher::toJson).orElse(null));
    return m;
  }

  private Map<String, Object> lastVoucher(Bytes32 id) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("channelId", id.hex());
    m.put("voucher", store.best(id).map(AcceptedVoucher::toJson).orElse(null));
    m.put("claimed", watcher.view().get(id).map(c -> c.claimed().toString()).orElse(null));
    return m;
  }

  /** Cooperative close: the payer proves it owns the channel by signing Voucher(channelId, 0). */
  private Map<String, Object> close(Bytes32 id, JsonNode body) {
    JsonNode sig = body.get("signature");
    if (sig == null || !sig.isTextual()) {
      throw ApiException.badRequest(
          "bad_signature",
          "signature must be the payer's 65-byte signature of Voucher(channelId, 0)");
    }
    EcdsaSignature s;
    try {
      s = EcdsaSignature.parseChecked(sig.asText()); // before any chain read: bad input is a 400
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("bad_signature", e.getMessage());
    }
    watcher.refresh();
    ChannelState ch =
        watcher
            .view()
            .get(id)
            .orElseThrow(
                () ->
                    new ApiException(
                        403, "unknown_channel", "no channel " + id.hex() + " to this payee"));
    if (ch.status() == ChannelState.Status.CLOSED) {
      throw new ApiException(410, "channel_closed", "channel " + id.hex() + " is closed");
    }
    verifier
        .check(id, BigInteger.ZERO, s, ch.payer())
        .ifPresent(
            e -> {
              throw e;
            });
    Settler.Closed closed = settler.closeNow(ch);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("channelId", id.hex());
    m.put("txHash", closed.txHash());
    m.put("paidToPayee", closed.paid().toString());
    m.put("cumulativeAmount", closed.cumulativeAmount().toString());
    return m;
  }

  private byte[] checkpoint(Bytes32 hash) throws IOException {
    return Files.readAllBytes(
        models
            .checkpointFile(hash)
            .orElseThrow(
                () -> new ApiException(404, "unknown_model", "no checkpoint for " + hash.hex())));
  }

  /**
   * An infer body, read with the streaming parser (no tree for the input values): {@code input} as
   * ints plus what was wrong with it, {@code payment} as a (small) tree. A later duplicate key
   * wins, as with a tree. Input problems are reported only after the whole body parsed, so
   * malformed JSON is always {@code malformed_json}.
   */
  private record InferRequest(int[] values, int count, int firstBad, JsonNode payment) {
    static final int NOT_ARRAY = -2;
    static final int NONE = -1;

    int[] input(int width) {
      if (firstBad == NOT_ARRAY) {
        throw ApiException.badRequest(
            "bad_input", "input must be an array of " + width + " Q16.16 integers");
      }
      if (count != width) {
        throw ApiException.badRequest(
            "bad_input", "input has " + count + " values, the model takes " + width);
      }
      if (firstBad != NONE) {
        throw ApiException.badRequest(
            "bad_input", "input[" + firstBad + "] is not a 32-bit integer");
      }
      return values.length == count ? values : Arrays.copyOf(values, count);
    }
  }

  private static InferRequest readInfer(HttpExchange ex) throws IOException {
    byte[] body = readBody(ex);
    int[] values = new int[0];
    int count = 0;
    int firstBad = InferRequest.NOT_ARRAY;
    JsonNode payment = null;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw ApiException.badRequest("malformed_json", "body must be a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        if (field.equals("input")) {
          count = 0;
          firstBad = InferRequest.NOT_ARRAY;
          if (v == JsonToken.START_ARRAY) {
            firstBad = InferRequest.NONE;
            values = new int[1024];
            JsonToken e;
            while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
              if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
              }
              if (e == JsonToken.VALUE_NUMBER_INT
                  && p.getNumberType() == JsonParser.NumberType.INT) {
                values[count] = p.getIntValue();
              } else {
                if (firstBad == InferRequest.NONE) {
                  firstBad = count;
                }
                p.skipChildren();
              }
              count++;
            }
          } else {
            p.skipChildren();
          }
        } else if (field.equals("payment")) {
          payment = SUBTREE.readTree(p); // the value only (JSON's trailing check is ours)
        } else {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw ApiException.badRequest("malformed_json", "body is not valid JSON: trailing tokens");
      }
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "malformed_json", "body is not valid JSON: " + e.getOriginalMessage());
    }
    return new InferRequest(values, count, firstBad, payment);
  }

  private static JsonNode readJson(HttpExchange ex) throws IOException {
    byte[] body = readBody(ex);
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw ApiException.badRequest("malformed_json", "body must be a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "malformed_json", "body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static byte[] readBody(HttpExchange ex) throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      throw new ApiException(
          415, "unsupported_media_type", "Content-Type must be application/json");
    }
    try {
      return RequestBodies.read(ex, MAX_BODY);
    } catch (RequestBodies.Refused e) {
      throw new ApiException(e.status(), e.code(), e.getMessage());
    }
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
