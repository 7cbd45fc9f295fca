package io.tribunal.client.sdk;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip712;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.Voucher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.crypto.Credentials;

/**
 * Pays for inference over one channel. For each request it signs the next cumulative voucher
 * ({@code acknowledged + price}). When the price is unknown it first asks without paying and reads
 * the 402; when the server says it already holds a higher voucher (a lost answer, or a restarted
 * client), it checks that voucher carries this payer's own signature, adopts its amount, and
 * retries once.
 *
 * <p><b>Persist before send, amortised.</b> Every voucher that leaves this process is at most the
 * record's durable {@code signed} ceiling. When the next voucher would exceed it, the SDK first
 * raises the ceiling to cover the next {@code reserveAhead} requests and saves the record (fsync,
 * atomic rename, directory fsync), then signs within it; so one ~6 ms save pays for many requests.
 * This is safe because a server can only redeem a voucher the payer signed, and every one is ≤ the
 * durable ceiling: after a crash the payer's liability is still bounded by what it wrote down (it
 * may over-estimate by at most one reservation, never under-estimate). The acknowledged amount is
 * saved with each reservation and on {@link #close}; a restart that finds it stale signs below the
 * server's best, gets {@code underpaid} with the server's last voucher, verifies its own signature
 * on it and resumes from there — still within the ceiling, or raising it durably first.
 *
 * <p>Thread-safe; requests on one channel are sent one at a time (vouchers are sequential). Use one
 * instance per channel at a time: it keeps the record in memory between saves.
 *
 * <p>Longer than 250 lines on purpose: the persist-before-send ceiling, the 402 price discovery and
 * the adopt-a-higher-voucher recovery all move the same durable record and must be read together to
 * see that no voucher escapes the ceiling.
 */
public final class PaidInference implements AutoCloseable {
  /** Default reservation: requests covered by one durable save of the ceiling. */
  public static final int DEFAULT_RESERVE_AHEAD = 1_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A paid answer. */
  public record Result(
      int prediction, int[] logits, BigInteger price, BigInteger cumulativeAmount) {}

  private final ChannelBook book;
  private final String channelId;
  private final Bytes32 channel;
  private final Credentials payer;
  private final VoucherSigner signer;
  private final byte[] separator; // the domain separator, hashed once
  private final JsonHttp http;
  private final int reserveAhead;
  private final Map<String, BigInteger> prices = new ConcurrentHashMap<>();
  private ChannelRecord rec;
  private boolean unsaved;

  public PaidInference(ChannelBook book, String channelId, Credentials payer) {
    this(book, channelId, payer, DEFAULT_RESERVE_AHEAD);
  }

  /**
   * @param reserveAhead requests covered by one durable raise of the signed ceiling (1 = save
   *     before every request)
   */
  public PaidInference(ChannelBook book, String channelId, Credentials payer, int reserveAhead) {
    if (reserveAhead < 1) {
      throw new IllegalArgumentException("reserveAhead must be ≥ 1, got " + reserveAhead);
    }
    this.book = book;
    this.channelId = channelId.toLowerCase();
    this.channel = Bytes32.fromHex(this.channelId);
    this.payer = payer;
    this.signer = VoucherSigner.of(payer.getEcKeyPair());
    this.reserveAhead = reserveAhead;
    this.rec = book.require(channelId);
    if (!rec.payer().equalsIgnoreCase(payer.getAddress())) {
      throw new IllegalArgumentException(
          "channel " + channelId + " is paid by " + rec.payer() + ", not by this key");
    }
    this.separator =
        Eip712Domain.paymentChannels(rec.chainId(), rec.contract()).separator().bytes();
    this.http = new JsonHttp(Duration.ofSeconds(5), Duration.ofSeconds(60), 1);
  }

  /** The record as this instance knows it (the durable one may lag on {@code acknowledged}). */
  public synchronized ChannelRecord record() {
    return rec;
  }

  /**
   * Saves the acknowledged amount if it moved since the last save and drops the idle connection.
   * The instance stays usable (the next request reconnects).
   */
  @Override
  public synchronized void close() {
    if (unsaved) {
      book.save(rec);
      unsaved = false;
    }
    http.close();
  }

  /** Runs {@code input} (Q16.16) through {@code model} on {@code server}, paying for it. */
  public synchronized Result infer(URI server, Bytes32 model, int[] input) {
    String key = server + "|" + model.hex();
    BigInteger price = prices.get(key);
    if (price == null) {
      Reply unpaid = post(server, model, body(input, null, null));
      if (unpaid.status() == 200) {
        throw new InferenceException(200, "free", "server answered without payment");
      }
      price = readQuote(unpaid);
      prices.put(key, price);
    }
    Signed paid = sign(price);
    Reply r = post(server, model, body(input, rec, paid));
    if (r.status() == 402 && "underpaid".equals(r.json().path("error").asText())) {
      adopt(r.json().path("lastAccepted"));
      price = readQuote(r);
      prices.put(key, price);
      paid = sign(price);
      r = post(server, model, body(input, rec, paid));
    }
    if (r.status() != 200) {
      throw refusal(r);
    }
    // the server accepted exactly the voucher we sent; never take a higher figure from its answer
    acknowledge(paid.amount());
    JsonNode logits = r.json().path("logits");
    int[] out = new int[logits.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = logits.get(i).intValue();
    }
    return new Result(r.json().path("prediction").intValue(), out, price, paid.amount());
  }

  /**
   * Asks {@code server} to close the channel now with its best voucher (the payee's instant {@code
   * close}); authorised by this payer's signature of {@code Voucher(channelId, 0)}, a voucher that
   * can never pay anything.
   */
  public JsonNode closeCooperatively(URI server) {
    EcdsaSignature sig = signer.sign(digest(BigInteger.ZERO));
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

  /** A signed voucher and the payment fields that carry it. */
  private record Signed(BigInteger amount, String amountText, String signature) {}

  private Signed sign(BigInteger price) {
    BigInteger amount = rec.acknowledged().add(price);
    if (amount.compareTo(rec.signed()) > 0) { // outside the durable ceiling: raise it first
      BigInteger ahead = price.multiply(BigInteger.valueOf(reserveAhead - 1L));
      rec = rec.withSigned(amount.add(ahead));
      book.save(rec);
      unsaved = false;
    }
    EcdsaSignature sig = signer.sign(digest(amount));
    return new Signed(amount, amount.toString(), sig.toHex());
  }

  /** EIP-712 digest of {@code Voucher(channel, amount)}; equals {@link Voucher#digest}. */
  private byte[] digest(BigInteger amount) {
    return Eip712.digest(
        separator,
        Eip712.hashStruct(Voucher.TYPE_HASH.bytes(), channel.bytes(), Eip712.word(amount)));
  }

  /** Adopts the server's last accepted amount, but only if this payer really signed it. */
  private void adopt(JsonNode last) {
    if (last == null || last.isNull() || last.isMissingNode()) {
      return;
    }
    BigInteger amount = new BigInteger(last.path("cumulativeAmount").asText("0"));
    new Voucher(channel, amount); // validates the amount (uint256)
    String signer;
    try {
      signer = EcdsaSignature.fromHex(last.path("signature").asText()).recover(digest(amount));
    } catch (RuntimeException e) {
      throw new InferenceException(
          402, "bad_last_voucher", "server's last voucher does not verify");
    }
    if (!signer.equalsIgnoreCase(payer.getAddress())
        || !last.path("channelId").asText().equalsIgnoreCase(channelId)) {
      throw new InferenceException(
          402, "bad_last_voucher", "server's last voucher is not signed by this payer");
    }
    rec = rec.withAcknowledged(amount);
    book.save(rec);
    unsaved = false;
  }

  private void acknowledge(BigInteger paid) {
    if (paid.compareTo(rec.acknowledged()) > 0) {
      rec = rec.withAcknowledged(paid);
      unsaved = true;
    }
  }

  private static BigInteger readQuote(Reply r) {
    if (r.status() != 402 || !r.json().has("price")) {
      throw refusal(r);
    }
    return new BigInteger(r.json().path("price").asText());
  }

  /** {@code {"input": [...], "payment": {...}}}, streamed: no JSON tree is built. */
  private byte[] body(int[] input, ChannelRecord rec, Signed paid) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8 * input.length + 512);
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("input");
      for (int v : input) {
        g.writeNumber(v);
      }
      g.writeEndArray();
      if (paid != null) {
        g.writeObjectFieldStart("payment");
        g.writeStringField("channelId", channelId);
        g.writeStringField("payer", rec.payer());
        g.writeStringField("salt", rec.salt());
        g.writeStringField("cumulativeAmount", paid.amountText());
        g.writeStringField("signature", paid.signature());
        g.writeNumberField("chainId", rec.chainId());
        g.writeStringField("contract", rec.contract());
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private Reply post(URI server, Bytes32 model, byte[] body) {
    return send(server.resolve("/v1/models/" + model.hex() + "/infer"), body);
  }

  private Reply send(URI uri, ObjectNode body) {
    try {
      return send(uri, JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Reply send(URI uri, byte[] body) {
    return reply(http.post(uri, body));
  }

  private Reply get(URI uri) {
    return reply(http.get(uri));
  }

  private static Reply reply(JsonHttp.Reply r) {
    JsonNode json;
    try {
      json = JSON.readTree(r.body());
    } catch (IOException e) {
      json = JSON.createObjectNode().put("error", "not_json").put("message", "non-JSON answer");
    }
    return new Reply(r.status(), json == null ? JSON.createObjectNode() : json);
  }

  private static InferenceException refusal(Reply r) {
    return new InferenceException(
        r.status(), r.json().path("error").asText("error"), r.json().path("message").asText(""));
  }

  private record Reply(int status, JsonNode json) {}
}
