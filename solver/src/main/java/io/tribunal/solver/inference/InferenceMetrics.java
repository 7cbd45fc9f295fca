package io.tribunal.solver.inference;

import io.tribunal.node.metrics.Metrics;
import java.math.BigInteger;
import java.util.function.DoubleSupplier;

/**
 * The paid-inference counters an operator watches: answers paid and the revenue they carry, price
 * quotes (the normal 402 handshake, not a refusal), refusals by error code (a bounded set: unknown
 * codes count as {@code other}), claims and closes sent, and what accepted vouchers hold that is
 * not yet claimed on chain (money that depends on the voucher log until it is). In the solver
 * daemon they appear on its {@code /metrics}; the stand-alone server keeps them unexported.
 */
public final class InferenceMetrics {
  private final Metrics metrics;
  private final Metrics.Counter paid;
  private final Metrics.Counter revenue;
  private final Metrics.Counter claims;
  private final Metrics.Counter closes;
  private final Metrics.Counter quotes;

  /** Refusal codes the server uses; any other is counted as {@code other}. */
  static final java.util.List<String> REFUSAL_CODES =
      java.util.List.of(
          "bad_payment",
          "bad_signature",
          "channel_closed",
          "channel_closing",
          "channel_expiring",
          "exceeds_deposit",
          "invalid_signature",
          "malformed_json",
          "method_not_allowed",
          "model_not_finalized",
          "not_found",
          "unknown_channel",
          "unknown_model",
          "unsupported_media_type",
          "other");

  private static final String REFUSED = "tribunal_inference_refused_total";
  private static final String REFUSED_HELP = "Inference requests refused, by error code";

  public InferenceMetrics(Metrics metrics) {
    this.metrics = metrics;
    this.paid = metrics.counter("tribunal_inference_paid_total", "Inference answers paid for");
    this.revenue =
        metrics.counter(
            "tribunal_inference_revenue_total", "Token base units of the paid answers' prices");
    this.claims =
        metrics.counter("tribunal_inference_claims_total", "Channel claims sent (per channel)");
    this.closes = metrics.counter("tribunal_inference_closes_total", "Channel closes sent");
    this.quotes =
        metrics.counter(
            "tribunal_inference_quotes_total", "Price quotes answered (HTTP 402 handshakes)");
    for (String code : REFUSAL_CODES) {
      metrics.counter(REFUSED, REFUSED_HELP, "code", code);
    }
  }

  /** Counters nobody scrapes (the stand-alone {@code solver serve}). */
  public static InferenceMetrics unexported() {
    return new InferenceMetrics(new Metrics("solver"));
  }

  void paid(BigInteger price) {
    paid.inc();
    revenue.add(price.doubleValue());
  }

  void refused(String code) {
    if ("payment_required".equals(code)) {
      quotes.inc(); // the client asked without a voucher and got the price: the normal handshake
      return;
    }
    String bounded = REFUSAL_CODES.contains(code) ? code : "other";
    metrics.counter(REFUSED, REFUSED_HELP, "code", bounded).inc();
  }

  void claimed(int channels) {
    claims.add(channels);
  }

  void closed() {
    closes.inc();
  }

  /** {@code tribunal_inference_unclaimed} read from {@code unclaimed} at scrape time. */
  void unclaimed(DoubleSupplier unclaimed) {
    metrics.gauge(
        "tribunal_inference_unclaimed",
        "Token base units held in accepted vouchers and not yet claimed on chain",
        unclaimed);
  }
}
