package io.tribunal.solver.inference;

import com.fasterxml.jackson.databind.JsonNode;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Voucher;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Decides whether a request is paid for, and if so records the voucher durably before the caller
 * may answer. Checks, cheapest first: well-formed fields; chain id, contract and channel id match
 * this server (the signature's form — v, r, s ranges, low S — among the field checks); the channel
 * is known at the confirmation depth, open and far enough from expiry; {@code last + price ≤
 * cumulative ≤ deposit}; signed by the channel's payer. Any failure throws an {@link ApiException}
 * (4xx) before anything is written.
 *
 * <p>Invariant: per channel, check-and-persist runs under one lock, so two concurrent requests can
 * never both be paid by the same increment.
 */
public final class PaymentGate implements PaymentCheck {
  private static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-fA-F]{64}");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,78}");

  private final PaymentTerms terms;
  private final ChannelWatcher watcher;
  private final VoucherVerifier verifier;
  private final VoucherStore store;
  private final Runnable afterPersist;
  // ReentrantLock, not synchronized: the holder waits for an fsync, and on JDK 21 a virtual thread
  // blocked inside synchronized pins its carrier (2 carriers on 2 cores would stall the server)
  private final Map<Bytes32, ReentrantLock> locks = new ConcurrentHashMap<>();

  public PaymentGate(
      PaymentTerms terms,
      ChannelWatcher watcher,
      VoucherVerifier verifier,
      VoucherStore store,
      Runnable afterPersist) {
    this.terms = terms;
    this.watcher = watcher;
    this.verifier = verifier;
    this.store = store;
    this.afterPersist = afterPersist;
  }

  /** Accepts {@code payment} for {@code price} or throws; on return the voucher is on disk. */
  @Override
  public Optional<AcceptedVoucher> pay(
      JsonNode payment, BigInteger price, Supplier<Map<String, Object>> quote) {
    if (payment == null || payment.isNull() || payment.isMissingNode()) {
      throw paymentRequired(
          "payment_required", "this request costs " + price, quote.get(), Optional.empty(), price);
    }
    if (!payment.isObject()) {
      throw ApiException.badRequest("bad_payment", "payment must be a JSON object");
    }
    String payer = address(payment, "payer");
    Bytes32 salt = bytes32(payment, "salt");
    BigInteger amount = amount(payment);
    EcdsaSignature sig = signature(payment);
    Bytes32 id = Voucher.channelId(payer, terms.payee(), salt);
    checkDomain(payment, id);
    ChannelState ch = channel(id);
    ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
    lock.lock();
    try {
      Optional<AcceptedVoucher> last = store.best(id);
      BigInteger base =
          last.map(AcceptedVoucher::cumulativeAmount).orElse(BigInteger.ZERO).max(ch.claimed());
      BigInteger required = base.add(price);
      if (amount.compareTo(ch.deposit()) > 0) {
        Map<String, Object> extra = new LinkedHashMap<>(quote.get());
        extra.put("deposit", ch.deposit().toString());
        throw new ApiException(
            402,
            "exceeds_deposit",
            "cumulative amount "
                + amount
                + " exceeds the channel deposit "
                + ch.deposit()
                + " (top up)",
            extra);
      }
      if (amount.compareTo(required) < 0) {
        throw paymentRequired(
            "underpaid",
            "cumulative amount " + amount + " is below last accepted + price = " + required,
            quote.get(),
            last,
            required);
      }
      verifier
          .check(id, amount, sig, payer)
          .ifPresent(
              e -> {
                throw e;
              });
      AcceptedVoucher v = new AcceptedVoucher(id, payer, salt, amount, sig);
      store.persist(v);
      afterPersist.run();
      return Optional.of(v);
    } finally {
      lock.unlock();
    }
  }

  private ChannelState channel(Bytes32 id) {
    Optional<ChannelState> ch = watcher.view().get(id);
    if (ch.isEmpty()) {
      watcher.refreshIfNewBlock();
      ch = watcher.view().get(id);
    }
    ChannelState c =
        ch.orElseThrow(
            () ->
                new ApiException(
                    403,
                    "unknown_channel",
                    "no confirmed channel " + id.hex() + " from this payer to " + terms.payee()));
    if (c.status() == ChannelState.Status.CLOSED) {
      throw new ApiException(410, "channel_closed", "channel " + id.hex() + " is closed");
    }
    if (c.status() == ChannelState.Status.CLOSING) {
      throw new ApiException(409, "channel_closing", "channel " + id.hex() + " is closing");
    }
    long left = c.expiry() - watcher.view().chainNow();
    if (left < terms.safetyMarginSeconds()) {
      throw new ApiException(
          409,
          "channel_expiring",
          "channel expires in "
              + left
              + " s, less than the "
              + terms.safetyMarginSeconds()
              + " s safety margin (extend it)");
    }
    return c;
  }

  private void checkDomain(JsonNode p, Bytes32 id) {
    JsonNode chain = p.get("chainId");
    if (chain != null && !(chain.canConvertToLong() && chain.asLong() == terms.chainId())) {
      throw ApiException.badRequest(
          "wrong_chain",
          "voucher is for chain " + chain + ", this server settles on " + terms.chainId());
    }
    JsonNode contract = p.get("contract");
    if (contract != null && !contract.asText().equalsIgnoreCase(terms.channelContract())) {
      throw ApiException.badRequest(
          "wrong_contract",
          "voucher is for contract "
              + contract.asText()
              + ", this server uses "
              + terms.channelContract());
    }
    JsonNode channel = p.get("channelId");
    if (channel != null && !channel.asText().equalsIgnoreCase(id.hex())) {
      throw ApiException.badRequest(
          "wrong_channel",
          "channelId "
              + channel.asText()
              + " is not keccak256(payer, "
              + terms.payee()
              + ", salt) = "
              + id.hex());
    }
  }

  private ApiException paymentRequired(
      String code,
      String message,
      Map<String, Object> quote,
      Optional<AcceptedVoucher> last,
      BigInteger required) {
    Map<String, Object> extra = new LinkedHashMap<>(quote);
    extra.put("required", required.toString());
    extra.put("lastAccepted", last.map(AcceptedVoucher::toJson).orElse(null));
    return new ApiException(402, code, message, extra);
  }

  private static String address(JsonNode p, String field) {
    String s = text(p, field);
    if (!ADDRESS.matcher(s).matches()) {
      throw ApiException.badRequest(
          "bad_payment", field + " must be a 0x-prefixed 20-byte address");
    }
    return s.toLowerCase();
  }

  private static Bytes32 bytes32(JsonNode p, String field) {
    String s = text(p, field);
    if (!BYTES32.matcher(s).matches()) {
      throw ApiException.badRequest(
          "bad_payment", field + " must be a 0x-prefixed 32-byte hex value");
    }
    return Bytes32.fromHex(s);
  }

  private static BigInteger amount(JsonNode p) {
    String s = text(p, "cumulativeAmount");
    if (!DECIMAL.matcher(s).matches()) {
      throw ApiException.badRequest(
          "bad_payment", "cumulativeAmount must be a decimal integer string");
    }
    BigInteger v = new BigInteger(s);
    if (v.compareTo(UINT256_MAX) > 0) {
      throw ApiException.badRequest("bad_payment", "cumulativeAmount exceeds uint256");
    }
    return v;
  }

  /** Through the one checked parser: the 400 names the broken rule (v, r, s range, low S). */
  private static EcdsaSignature signature(JsonNode p) {
    String s = text(p, "signature");
    try {
      return EcdsaSignature.parseChecked(s);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("bad_signature", e.getMessage());
    }
  }

  private static String text(JsonNode p, String field) {
    JsonNode n = p.get(field);
    if (n == null || !n.isTextual()) {
      throw ApiException.badRequest(
          "bad_payment", "payment." + field + " is missing or not a string");
    }
    return n.asText();
  }
}
