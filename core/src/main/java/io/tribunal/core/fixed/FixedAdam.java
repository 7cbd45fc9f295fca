package io.tribunal.core.fixed;

/**
 * The AdamW rules (docs/network-ops.md, "Embeddings, residual add and AdamW"), mirrored bit for bit
 * by contracts/src/dispute/lib/OptimizerOps.sol. Every function is total and defined by exact
 * integer arithmetic with the written roundings: {@link Fixed#roundShift} (half up) for products,
 * {@link #divHalfUp} (half up, the rule of {@link Fixed#div}) for quotients and {@link Fixed#isqrt}
 * (floor, the rule of {@link Fixed#sqrt}) for the root, then {@link Fixed#saturate}.
 *
 * <p>Formats: the first moment m is Q16.16 like every tensor; the second moment v is stored as an
 * int32 with {@link #V_FRAC_BITS} = 32 fractional bits (raw = v * 2^32, so g^2 of a gradient g of
 * 2^-10 is 4096 units instead of vanishing; v saturates at 2^31 - 1, i.e. just below 0.5); betas,
 * weight decay are Q16.16; lr and eps are Q8.24; powers of beta are Q30. Java's int64 arithmetic is
 * exact on every path: each bound is stated where it is used.
 */
public final class FixedAdam {
  /** Fractional bits of the stored second moment v. */
  public static final int V_FRAC_BITS = 32;

  /** Fractional bits of beta powers and bias corrections. */
  public static final int POW_BITS = 30;

  /** 1.0 in Q30. */
  public static final long POW_ONE = 1L << POW_BITS;

  /** Fractional bits of lr, the warmed-up lr_t and eps (as SGD's eta). */
  public static final int LR_BITS = 24;

  /** Largest beta (1.0 in Q16.16) of the moment rules; the update needs beta below it. */
  public static final long BETA_ONE = Fixed.ONE;

  /** Largest lr and eps (Q8.24); eps must also be at least 1 so the denominator is positive. */
  public static final long MAX_LR = Integer.MAX_VALUE;

  /** Largest weight decay (1.0 in Q16.16). */
  public static final long MAX_WD = Fixed.ONE;

  /** Largest warm-up length in steps (at least 1). */
  public static final long MAX_WARMUP = 1L << 30;

  /** Largest step index t. */
  public static final long MAX_STEP = (1L << 32) - 1;

  private static final long POW_HALF = 1L << (POW_BITS - 1);

  private FixedAdam() {}

  /**
   * First moment m' = saturate(roundShift(beta1 * m + (2^16 - beta1) * g, 16)), 0 <= beta1 <= 2^16.
   * Exact in int64: each product is below 2^48.
   */
  public static int moment1(int m, int g, long beta1) {
    return Fixed.saturate(Fixed.roundShift(beta1 * m + (BETA_ONE - beta1) * g, Fixed.FRAC_BITS));
  }

  /**
   * Second moment in Q0.32: v' = saturate(roundShift(beta2 * v + (2^16 - beta2) * g^2, 16)), where
   * g^2 is the exact Q32.32 square of the Q16.16 gradient, 0 <= beta2 <= 2^16. The product (2^16 -
   * beta2) * g^2 can reach 2^78, so g^2 is split as qh * 2^16 + ql: the result is f * qh +
   * floor((beta2 * v + f * ql + 2^15) / 2^16) with f = 2^16 - beta2, every part below 2^63.
   */
  public static int moment2(int v, int g, long beta2) {
    long q = (long) g * g;
    long f = BETA_ONE - beta2;
    long high = f * (q >>> Fixed.FRAC_BITS);
    long low = Fixed.roundShift(beta2 * v + f * (q & 0xFFFF), Fixed.FRAC_BITS);
    return Fixed.saturate(high + low);
  }

  /**
   * beta^k in Q30 by binary exponentiation: x_0 = beta * 2^14, x_{i+1} = roundShift(x_i^2, 30); r
   * starts at 2^30 and for every set bit i of k, lowest first, r = roundShift(r * x_i, 30). Every
   * value stays in [0, 2^30] (products below 2^60); k = 0 gives 2^30; at most 2 * 64 multiplies.
   */
  public static long betaPower(long beta, long k) {
    long x = beta << (POW_BITS - Fixed.FRAC_BITS);
    long r = POW_ONE;
    long e = k;
    while (e != 0) {
      if ((e & 1) != 0) {
        r = (r * x + POW_HALF) >> POW_BITS;
      }
      e >>>= 1;
      if (e != 0) {
        x = (x * x + POW_HALF) >> POW_BITS;
      }
    }
    return r;
  }

  /**
   * Bias correction 2^30 - beta^(t+1) in Q30 for 0 <= beta < 2^16: at least 2^14 * (2^16 - beta) >=
   * 2^14, because every rounded power is at most beta * 2^14.
   */
  public static long biasCorrection(long beta, long step) {
    return POW_ONE - betaPower(beta, step + 1);
  }

  /** Warmed-up rate lr_t = divHalfUp(lr * min(t + 1, warmup), warmup) in Q8.24 (at most lr). */
  public static long warmupRate(long lr, long warmup, long step) {
    return divHalfUp(lr * Math.min(step + 1, warmup), warmup);
  }

  /**
   * Quotient a / b rounded half up, floor((2a + b) / (2b)), for b > 0 and |2a + b| < 2^63: the rule
   * of {@link Fixed#div} without the Q16.16 scaling.
   */
  public static long divHalfUp(long a, long b) {
    return Math.floorDiv(2 * a + b, 2 * b);
  }

  /**
   * One AdamW parameter update from the new moments (see the class comment for formats):
   *
   * <ol>
   *   <li>mhat = divHalfUp(m * 2^30, c1) (Q16.16, |mhat| <= 2^47);
   *   <li>vhat = divHalfUp(max(v, 0) * 2^30, c2) (Q0.32, vhat <= (2^31 - 1) * 2^16);
   *   <li>s = isqrt(vhat * 2^16) (Q8.24: sqrt(vhat), rounded down);
   *   <li>u = saturate(divHalfUp(mhat * 2^24, s + eps)) (Q16.16 ratio mhat / (sqrt(vhat) + eps));
   *   <li>g = u + roundShift(wd * w, 16) (exact, |g| <= 2^32);
   *   <li>w' = saturate(w - roundShift(lrt * g, 24)).
   * </ol>
   *
   * @param c1 {@link #biasCorrection} of beta1 at the step
   * @param c2 {@link #biasCorrection} of beta2 at the step
   * @param lrt {@link #warmupRate} at the step (Q8.24, below 2^31)
   * @param eps Q8.24 in [1, 2^31)
   * @param wd Q16.16 in [0, 2^16]
   */
  public static int update(int w, int m, int v, long c1, long c2, long lrt, long eps, long wd) {
    long mhat = divHalfUp((long) m << POW_BITS, c1);
    long vhat = divHalfUp((long) Math.max(v, 0) << POW_BITS, c2);
    long s = Fixed.isqrt(vhat << Fixed.FRAC_BITS);
    int u = ratio(mhat, s + eps);
    long g = u + Fixed.roundShift(wd * w, Fixed.FRAC_BITS);
    return Fixed.saturate(w - Fixed.roundShift(lrt * g, LR_BITS));
  }

  /**
   * saturate(divHalfUp(mhat * 2^24, d)) for |mhat| <= 2^47, 0 < d < 2^34, without leaving int64:
   * mhat = q * d + r (floor division, 0 <= r < d), so the result is q * 2^24 + divHalfUp(r * 2^24,
   * d) with the second term in [0, 2^24]; |q| > 2^9 already saturates.
   */
  static int ratio(long mhat, long d) {
    long q = Math.floorDiv(mhat, d);
    if (q > (1L << 9)) {
      return Integer.MAX_VALUE;
    }
    if (q < -(1L << 9)) {
      return Integer.MIN_VALUE;
    }
    long r = mhat - q * d;
    return Fixed.saturate((q << LR_BITS) + divHalfUp(r << LR_BITS, d));
  }
}
