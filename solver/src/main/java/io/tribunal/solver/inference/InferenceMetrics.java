package io.tribunal.solver.inference;

import io.tribunal.protocol.metrics.Metrics;
import java.math.BigInteger;
import java.util.function.DoubleSupplier;

/**
 * The paid-inference counters an operator watches: answers paid and the revenue they carry,
 * refusals by error code, claims and closes sent, and what accepted vouchers hold that is not yet
 * claimed on chain (money that depends on the voucher log until it is). In the solver daemon they
 * appear on its {@code /metrics}; the stand-alone server keeps them unexported.
 */
public final class InferenceMetrics {
  private final Metrics metrics;
  private final Metrics.Counter paid;
  private final Metrics.Counter revenue;
  private final Metrics.Counter claims;
  private final Metrics.Counter closes;

  public InferenceMetrics(Metrics metrics) {
    this.metrics = metrics;
    this.paid = metrics.counter("tribunal_inference_paid_total", "Inference answers paid for");
    this.revenue =
        metrics.counter(
            "tribunal_inference_revenue_total", "Token base units of the paid answers' prices");
    this.claims =
        metrics.counter("tribunal_inference_claims_total", "Channel claims sent (per channel)");
    this.closes = metrics.counter("tribunal_inference_closes_total", "Channel closes sent");
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
    metrics
        .counter("tribunal_inference_refused_total", "Inference requests refused", "code", code)
        .inc();
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
