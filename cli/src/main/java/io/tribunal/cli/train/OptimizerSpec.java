package io.tribunal.cli.train;

import io.tribunal.core.model.TrainingConfig;
import io.tribunal.protocol.graph.AdamW;
import io.tribunal.protocol.graph.Optimizer;
import io.tribunal.protocol.graph.Sgd;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The optimizer of an op-graph run as the graph's attributes hold it, so a later command rebuilds
 * the exact graph: SGD's eta = lr / B in Q8.24, or AdamW's lr (Q8.24), warm-up steps, beta1 and
 * beta2 (Q16.16), eps (Q8.24) and weight decay (Q16.16). {@code learningRate} is the decimal given.
 */
record OptimizerSpec(
    String name,
    String learningRate,
    long lr,
    long warmup,
    long beta1,
    long beta2,
    long eps,
    long weightDecay) {
  static final String SGD = "sgd";
  static final String ADAMW = "adamw";

  /** beta1 0.9 and weight decay 0.01 in Q16.16, as the learning benchmark uses them. */
  static final long BETA1 = 58982;

  static final long WEIGHT_DECAY = 655;

  static OptimizerSpec sgd(String learningRate, int batch) {
    return new OptimizerSpec(
        SGD, learningRate, TrainingConfig.eta(learningRate, batch), 0, 0, 0, 0, 0);
  }

  static OptimizerSpec adamw(String learningRate, long warmup, String beta2, String eps) {
    long lr = fixed("--lr", learningRate, 24);
    long b2 = fixed("--beta2", beta2, 16);
    long e = fixed("--adam-eps", eps, 24);
    if (lr < 1 || lr > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "--lr " + learningRate + " is outside (2^-25, 128) for AdamW (Q8.24)");
    }
    if (b2 < 1 || b2 >= 1 << 16) {
      throw new IllegalArgumentException("--beta2 must be in (0, 1), got " + beta2);
    }
    if (e < 1) {
      throw new IllegalArgumentException("--adam-eps must be at least 2^-24, got " + eps);
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("--warmup must be >= 0, got " + warmup);
    }
    return new OptimizerSpec(ADAMW, learningRate, lr, warmup, BETA1, b2, e, WEIGHT_DECAY);
  }

  Optimizer build() {
    return name.equals(SGD) ? new Sgd(lr) : new AdamW(lr, warmup, beta1, beta2, eps, weightDecay);
  }

  String describe() {
    return name.equals(SGD)
        ? String.format(Locale.ROOT, "SGD lr %s (eta %d in Q8.24 = lr / batch)", learningRate, lr)
        : String.format(
            Locale.ROOT,
            "AdamW lr %s (%d in Q8.24), warm-up %d, beta1 %d beta2 %d (Q16.16), eps %d (Q8.24),"
                + " wd %d (Q16.16)",
            learningRate,
            lr,
            warmup,
            beta1,
            beta2,
            eps,
            weightDecay);
  }

  /** A decimal in fixed point with {@code bits} fraction bits, rounded half up. */
  static long fixed(String option, String decimal, int bits) {
    BigDecimal d;
    try {
      d = new BigDecimal(decimal);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " '" + decimal + "' is not a decimal number");
    }
    BigDecimal v = d.multiply(BigDecimal.valueOf(1L << bits)).setScale(0, RoundingMode.HALF_UP);
    if (v.signum() < 0 || v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(option + " " + decimal + " is out of range");
    }
    return v.longValueExact();
  }
}
