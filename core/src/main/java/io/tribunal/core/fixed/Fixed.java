package io.tribunal.core.fixed;

import java.math.BigInteger;

/**
 * The fixed-point rules every participant (Java engine, Solidity leaf evaluator) applies bit for
 * bit. Values are int32 two's-complement numbers with {@link #FRAC_BITS} fractional bits (Q16.16).
 *
 * <p>Invariants: every function here is total (no input throws) and its result is defined by exact
 * integer arithmetic on unbounded integers followed by ONE rounding rule ({@link #roundShift}:
 * round half up, i.e. floor((x + 2^(s-1)) / 2^s)) and ONE overflow rule ({@link #saturate}: clamp
 * to the int32 range). Java's int64 fast paths are only taken when they provably equal that exact
 * definition. See docs/fixed-point.md.
 */
public final class Fixed {
  /** Fractional bits of every tensor value. */
  public static final int FRAC_BITS = 16;

  /** The value 1.0. */
  public static final int ONE = 1 << FRAC_BITS;

  /** Fractional bits of the SGD step size eta (lr / batch). */
  public static final int ETA_BITS = 24;

  private static final long HALF = 1L << (FRAC_BITS - 1);

  private Fixed() {}

  /** Clamps an exact int64 value to the int32 range: the one overflow rule. */
  public static int saturate(long x) {
    if (x > Integer.MAX_VALUE) {
      return Integer.MAX_VALUE;
    }
    if (x < Integer.MIN_VALUE) {
      return Integer.MIN_VALUE;
    }
    return (int) x;
  }

  /**
   * Round-half-up arithmetic right shift: floor((x + 2^(s-1)) / 2^s) for 1 <= s <= 62. Callers
   * guarantee |x| < 2^62 so the addition cannot overflow.
   */
  public static long roundShift(long x, int s) {
    return (x + (1L << (s - 1))) >> s;
  }

  /** Saturating addition of two values. */
  public static int add(int a, int b) {
    return saturate((long) a + b);
  }

  /** Saturating subtraction a - b. */
  public static int sub(int a, int b) {
    return saturate((long) a - b);
  }

  /** Fixed-point product: saturate(roundShift(a * b, 16)). */
  public static int mul(int a, int b) {
    return saturate(roundShift((long) a * b, FRAC_BITS));
  }

  /**
   * Dot product: saturate(roundShift(sum_k a[k] * b[k], 16)) with the sum taken exactly. Only the
   * first min(a.length, b.length) terms are used.
   */
  public static int dot(int[] a, int[] b) {
    int n = Math.min(a.length, b.length);
    if (fitsFastPath(n, maxAbs(a, n), maxAbs(b, n))) {
      long acc = 0;
      for (int k = 0; k < n; k++) {
        acc += (long) a[k] * b[k];
      }
      return finishDot(acc);
    }
    return exactDot(a, b, n);
  }

  /** Rounds and saturates an exact accumulator of Q32.32 products into a Q16.16 value. */
  public static int finishDot(long acc) {
    return saturate(roundShift(acc, FRAC_BITS));
  }

  /**
   * True when a sum of n products with |a| <= maxA and |b| <= maxB can be accumulated in int64
   * (including the rounding constant) without leaving the int64 range, so int64 arithmetic equals
   * exact arithmetic.
   */
  public static boolean fitsFastPath(long n, long maxA, long maxB) {
    if (n == 0) {
      return true;
    }
    long product = maxA * maxB; // both <= 2^31: fits
    return product <= (Long.MAX_VALUE - HALF) / n;
  }

  /** Largest absolute value among the first n entries, as a long (|MIN_VALUE| = 2^31 fits). */
  public static long maxAbs(int[] v, int n) {
    long max = 0;
    for (int k = 0; k < n; k++) {
      max = Math.max(max, Math.abs((long) v[k]));
    }
    return max;
  }

  /** Exact slow path of {@link #dot}: used only when int64 could overflow. */
  static int exactDot(int[] a, int[] b, int n) {
    long hi = 0;
    long lo = 0;
    for (int k = 0; k < n; k++) {
      long p = (long) a[k] * b[k];
      hi += p >> 32;
      lo += p & 0xFFFFFFFFL;
    }
    BigInteger exact = BigInteger.valueOf(hi).shiftLeft(32).add(BigInteger.valueOf(lo));
    return saturateBig(exact.add(BigInteger.valueOf(HALF)).shiftRight(FRAC_BITS));
  }

  /** Exact sum of int32 values of any count, saturated: used by row sums. */
  public static int sum(int[] v) {
    long acc = 0;
    for (int x : v) {
      acc += x; // at most 2^31 terms of |x| <= 2^31: exact in int64
    }
    return saturate(acc);
  }

  private static int saturateBig(BigInteger x) {
    if (x.bitLength() < 32) {
      return x.intValue();
    }
    return x.signum() > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
  }

  /**
   * SGD update rule: saturate(w - roundShift(g * eta, 24)) with 0 <= eta < 2^31 (callers clamp).
   */
  public static int sgd(int w, int g, long eta) {
    return saturate((long) w - roundShift(g * eta, ETA_BITS));
  }

  /**
   * Floor square root of a non-negative int64: the largest r with r * r <= x, by integer Newton
   * iteration from a power of two above the root (exact; no floating point). Negative inputs give
   * 0.
   */
  public static long isqrt(long x) {
    if (x <= 0) {
      return 0;
    }
    long r = 1L << ((65 - Long.numberOfLeadingZeros(x)) / 2);
    while (true) {
      long next = (r + x / r) >>> 1;
      if (next >= r) {
        return r;
      }
      r = next;
    }
  }

  /**
   * Fixed-point square root, rounded down: isqrt(max(x, 0) * 2^16). The result of a non-negative
   * Q16.16 value is at most sqrt(2^47) and always fits.
   */
  public static int sqrt(int x) {
    return (int) isqrt((long) Math.max(x, 0) << FRAC_BITS);
  }

  /**
   * Fixed-point quotient a / b, rounded half up: saturate(floor((a * 2^17 + b) / (2b))) for b > 0,
   * the same with both signs flipped for b < 0. Division by zero saturates by the sign of a (0 / 0
   * is 0). Every intermediate fits int64 (|a * 2^17| <= 2^48).
   */
  public static int div(int a, int b) {
    if (b == 0) {
      return a > 0 ? Integer.MAX_VALUE : a < 0 ? Integer.MIN_VALUE : 0;
    }
    long n = (long) a << (FRAC_BITS + 1);
    long d = b;
    if (d < 0) {
      n = -n;
      d = -d;
    }
    return saturate(Math.floorDiv(n + d, 2 * d));
  }

  /** ReLU: max(x, 0). */
  public static int relu(int x) {
    return Math.max(x, 0);
  }
}
