package io.tribunal.client.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.Voucher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.crypto.Credentials;

/**
 * Pays for inference over one channel. For each request it signs the next cumulative voucher
 * ({@code acknowledged + price}), saves the raised liability to the {@link ChannelBook} BEFORE
 * sending, and records the server's acknowledgement after. When the price is unknown it first asks
 * without paying and reads the 402; when the server says it already holds a higher voucher (a lost
 * answer, or a restarted client), it checks that voucher carries this payer's own signature, adopts
 * its amount, and retries once.
 *
 * <p>Thread-safe; requests on one channel are sent one at a time (vouchers are sequential).
 */
public final class PaidInference {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A paid answer. */
  public record Result(
      int prediction, int[] logits, BigInteger price, BigInteger cumulativeAmount) {}

  private final ChannelBook book;
  private final String channelId;
  private final Credentials payer;
  private final Eip712Domain domain;
  private final HttpClient http;
  private final Map<String, BigInteger> prices = new ConcurrentHashMap<>();

  public PaidInference(ChannelBook book, String channelId, Credentials payer) {
    this.book = book;
    this.channelId = channelId.toLowerCase();
    this.payer = payer;
    ChannelRecord r = book.require(channelId);
    if (!r.payer().equalsIgnoreCase(payer.getAddress())) {
      throw new IllegalArgumentException(
          "channel " + channelId + " is paid by " + r.payer() + ", not by this key");
    }
    this.domain = Eip712Domain.paymentChannels(r.chainId(), r.contract());
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  public ChannelRecord record() {
    return book.require(channelId);
  }

  /** Runs {@code input} (Q16.16) through {@code model} on {@code server}, paying for it. */
  public synchronized Result infer(URI server, Bytes32 model, int[] input) {
    String key = server + "|" + model.hex();
    BigInteger price = prices.get(key);
    if (price == null) {
      Reply unpaid = post(server, model, body(input, null));
      if (unpaid.status() == 200) {
        throw new InferenceException(200, "free", "server answered without payment");
      }
      price = readQuote(unpaid);
      prices.put(key, price);
    }
    Reply r = post(server, model, body(input, sign(price)));
    if (r.status() == 402 && "underpaid".equals(r.json().path("error").asText())) {
      adopt(r.json().path("lastAccepted"));
      price = readQuote(r);
      prices.put(key, price);
      r = post(server, model, body(input, sign(price)));
    }
    if (r.status() != 200) {
      throw refusal(r);
    }
    BigInteger paid = new BigInteger(r.json().path("voucher").path("cumulativeAmount").asText("0"));
    book.save(record().withAcknowledged(paid));
    JsonNode logits = r.json().path("logits");
    int[] out = new int[logits.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = logits.get(i).intValue();
    }
    return new Result(r.json().path("prediction").intValue(), out, price, paid);
  }

  /**
   * Asks {@code server} to close the channel now with its best voucher (the payee's instant {@code
   * close}); authorised by this payer's signature of {@code Voucher(channelId, 0)}, a voucher that
   * can never pay anything.
   */
  public JsonNode closeCooperatively(URI server) {
    EcdsaSignature sig =
        new Voucher(Bytes32.fromHex(channelId), BigInteger.ZERO).sign(domain, payer);
    ObjectNode body = JSON.createObjectNode().put("signature", sig.toHex());
    Reply r = send(server.resolve("/v1/channels/" + channelId + "/close"), body);
    if (r.status() != 200) {
      throw refusal(r);
    }
    return r.json();
  }

  /** The server's last accepted voucher for this channel (to resume after losing state). */
  public JsonNode lastAccepted(URI server) {
    Reply r = get(server.resolve("/v1/channels/" + channelId + "/voucher"));
    if (r.status() != 200) {
      throw refusal(r);
    }
    return r.json().path("voucher");
  }

  private ObjectNode sign(BigInteger price) {
    ChannelRecord rec = record();
    BigInteger amount = rec.acknowledged().add(price);
    Voucher v = new Voucher(Bytes32.fromHex(channelId), amount);
    EcdsaSignature sig = v.sign(domain, payer);
    book.save(rec.withSigned(amount)); // durable before the voucher leaves this process
    ObjectNode p = JSON.createObjectNode();
    p.put("channelId", channelId);
    p.put("payer", rec.payer());
    p.put("salt", rec.salt());
    p.put("cumulativeAmount", amount.toString());
    p.put("signature", sig.toHex());
    p.put("chainId", rec.chainId());
    p.put("contract", rec.contract());
    return p;
  }

  /** Adopts the server's last accepted amount, but only if this payer really signed it. */
  private void adopt(JsonNode last) {
    if (last == null || last.isNull() || last.isMissingNode()) {
      return;
    }
    BigInteger amount = new BigInteger(last.path("cumulativeAmount").asText("0"));
    Voucher v = new Voucher(Bytes32.fromHex(channelId), amount);
    String signer;
    try {
      signer =
          EcdsaSignature.fromHex(last.path("signature").asText()).recover(v.digest(domain).bytes());
    } catch (RuntimeException e) {
      throw new InferenceException(
          402, "bad_last_voucher", "server's last voucher does not verify");
    }
    if (!signer.equalsIgnoreCase(payer.getAddress())
        || !last.path("channelId").asText().equalsIgnoreCase(channelId)) {
      throw new InferenceException(
          402, "bad_last_voucher", "server's last voucher is not signed by this payer");
    }
    book.save(record().withAcknowledged(amount));
  }

  private static BigInteger readQuote(Reply r) {
    if (r.status() != 402 || !r.json().has("price")) {
      throw refusal(r);
    }
    return new BigInteger(r.json().path("price").asText());
  }

  private ObjectNode body(int[] input, ObjectNode payment) {
    ObjectNode b = JSON.createObjectNode();
    var arr = b.putArray("input");
    for (int v : input) {
      arr.add(v);
    }
    if (payment != null) {
      b.set("payment", payment);
    }
    return b;
  }

  private Reply post(URI server, Bytes32 model, ObjectNode body) {
    return send(server.resolve("/v1/models/" + model.hex() + "/infer"), body);
  }

  private Reply send(URI uri, ObjectNode body) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
              .build();
      return reply(http.send(req, HttpResponse.BodyHandlers.ofByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private Reply get(URI uri) {
    try {
      HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
      return reply(http.send(req, HttpResponse.BodyHandlers.ofByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Reply reply(HttpResponse<byte[]> r) throws IOException {
    JsonNode json;
    try {
      json = JSON.readTree(r.body());
    } catch (IOException e) {
      json = JSON.createObjectNode().put("error", "not_json").put("message", "non-JSON answer");
    }
    return new Reply(r.statusCode(), json == null ? JSON.createObjectNode() : json);
  }

  private static InferenceException refusal(Reply r) {
    return new InferenceException(
        r.status(), r.json().path("error").asText("error"), r.json().path("message").asText(""));
  }

  private record Reply(int status, JsonNode json) {}
}
