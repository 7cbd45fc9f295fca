package io.tribunal.core.fixed;

/**
 * GELU in fixed point, tanh form: gelu(x) = x * sigmoid(z(x)) with z(x) = 2 sqrt(2/pi) (x +
 * 0.044715 x^3), which equals 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). The sigmoid is built
 * on {@link FixedExp#expNonPositive} so every int32 input has one result. Every rounding is written
 * in docs/network-ops.md ("Layer normalisation and GELU") and mirrored by NormOps.sol.
 *
 * <p>Invariant: total on every int32; gelu(x) == x for x >= 8.0 and 0 for x <= -8.0 (the sigmoid is
 * exactly ONE / 0 there); error bounds against the exact x * Phi(x) are tested in core.
 */
public final class FixedGelu {
  /** Inputs are clamped to [-8, 8] for the sigmoid argument (its exp is 0 beyond |z| ~ 11). */
  public static final int CLAMP = 8 << Fixed.FRAC_BITS;

  /** 2 sqrt(2/pi) in Q30: round(1.5957691216057308 * 2^30). */
  public static final long K1_Q30 = 1713444047L;

  /** 2 sqrt(2/pi) * 0.044715 in Q30: round(0.07135481627260025 * 2^30). */
  public static final long K3_Q30 = 76616651L;

  private FixedGelu() {}

  /** clamp(x, -8.0, 8.0). */
  public static int clamp(int x) {
    return Math.max(-CLAMP, Math.min(CLAMP, x));
  }

  /** roundShift(K3 * roundShift(c * c, 16), 16): the Q30 value of K3 * c^2 for |c| <= 8.0. */
  static long cubicTerm(int c) {
    long c2 = Fixed.roundShift((long) c * c, Fixed.FRAC_BITS);
    return Fixed.roundShift(K3_Q30 * c2, Fixed.FRAC_BITS);
  }

  /** Sigmoid argument z = roundShift(c * (K1 + cubicTerm(c)), 30), c = clamp(x), in Q16.16. */
  public static long argument(int x) {
    int c = clamp(x);
    return Fixed.roundShift(c * (K1_Q30 + cubicTerm(c)), 30);
  }

  /**
   * sigmoid(z) = 1 / (1 + e^-z) in Q16.16: with e = expNonPositive(-|z|), div(ONE, ONE + e) for z
   * >= 0 and div(e, ONE + e) for z < 0 (both in [0, ONE]).
   */
  public static int sigmoid(long z) {
    int e = FixedExp.expNonPositive(-Math.abs(z));
    return z >= 0 ? Fixed.div(Fixed.ONE, Fixed.ONE + e) : Fixed.div(e, Fixed.ONE + e);
  }

  /** gelu(x) = mul(x, sigmoid(argument(x))): x itself is not clamped. */
  public static int gelu(int x) {
    return Fixed.mul(x, sigmoid(argument(x)));
  }

  /**
   * Derivative of this approximation, d/dx [x sigmoid(z(x))] = s + x s (1 - s) z'(x) with z'(x) =
   * K1 + 3 K3 x^2, on c = clamp(x): s = sigmoid(argument(x)), s1 = roundShift(s * (ONE - s), 16), t
   * = roundShift(c * s1, 16), result s + roundShift(t * (K1 + 3 * cubicTerm(c)), 30). Beyond the
   * clamp s is ONE or 0, s1 is 0 and the result is ONE or 0.
   */
  public static int derivative(int x) {
    int c = clamp(x);
    int s = sigmoid(argument(x));
    long s1 = Fixed.roundShift((long) s * (Fixed.ONE - s), Fixed.FRAC_BITS);
    long t = Fixed.roundShift(c * s1, Fixed.FRAC_BITS);
    return Fixed.saturate(s + Fixed.roundShift(t * (K1_Q30 + 3 * cubicTerm(c)), 30));
  }

  /** GELU input gradient mul(dy, derivative(x)). */
  public static int backward(int dy, int x) {
    return Fixed.mul(dy, derivative(x));
  }
}
