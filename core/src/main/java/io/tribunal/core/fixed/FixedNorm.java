package io.tribunal.core.fixed;

import java.math.BigInteger;

/**
 * The layer-normalisation rules (docs/fixed-point.md §4 "Normalisation rule", docs/network-ops.md):
 * the row mean, the reciprocal standard deviation, the normalised value and the input gradient.
 * Each result is defined on exact integers with ONE rounding, half up, then saturated; Java takes
 * int64 paths only where they provably equal the exact value, BigInteger otherwise (once per row,
 * never per element).
 *
 * <p>Invariant: every function is total on its documented domain (rows of at least one element, eps
 * in [{@link #MIN_EPS}, {@link #MAX_EPS}]) and the Solidity mirror (NormOps.sol) gives the same
 * bits.
 */
public final class FixedNorm {
  /** Smallest epsilon (one Q16.16 unit, 2^-16 ≈ 1.5e-5): keeps var + eps positive. */
  public static final long MIN_EPS = 1;

  /** Largest epsilon: an int32 value. */
  public static final long MAX_EPS = Integer.MAX_VALUE;

  /** 2^66: the scale of the squared reciprocal in {@link #rstd}. */
  private static final BigInteger TWO_66 = BigInteger.ONE.shiftLeft(66);

  private FixedNorm() {}

  /**
   * floor(n / d + 1/2) for d > 0: the quotient rounded half up, without forming 2n (no overflow).
   */
  public static long roundDiv(long n, long d) {
    long q = Math.floorDiv(n, d);
    long rem = n - q * d; // in [0, d)
    return 2 * rem >= d ? q + 1 : q;
  }

  /** floor(n / d + 1/2) for d > 0 on unbounded integers. */
  static BigInteger roundDiv(BigInteger n, BigInteger d) {
    BigInteger[] qr = n.divideAndRemainder(d);
    BigInteger q = qr[0];
    BigInteger rem = qr[1];
    if (rem.signum() < 0) { // truncating division: step down to the floor
      q = q.subtract(BigInteger.ONE);
      rem = rem.add(d);
    }
    return rem.shiftLeft(1).compareTo(d) >= 0 ? q.add(BigInteger.ONE) : q;
  }

  /** Exact sum of a row (at most 2^31 terms of |x| <= 2^31: fits int64). */
  static long sum(int[] v) {
    long s = 0;
    for (int x : v) {
      s += x;
    }
    return s;
  }

  /**
   * Row mean, rounded half up: floor(S / d + 1/2) with S the exact sum and d = v.length >= 1. The
   * mean of int32 values lies between their minimum and maximum, so it always fits.
   */
  public static int mean(int[] v) {
    return (int) roundDiv(sum(v), v.length);
  }

  /**
   * Reciprocal standard deviation 1 / sqrt(var + eps) in Q16.16, rounded half up, where var is the
   * exact population variance of the row (no intermediate rounding). With S = sum x, Q = sum x^2, d
   * = v.length and N' = d*Q - S^2 + eps*d^2*2^16 (> 0): rstd = (isqrt(floor(d^2 * 2^66 / N')) + 1)
   * >> 1, the nearest integer to d * 2^32 / sqrt(N'), halves up. Lies in [0, 2^24].
   */
  public static int rstd(int[] v, long eps) {
    long d = v.length;
    BigInteger s = BigInteger.valueOf(sum(v));
    BigInteger dd = BigInteger.valueOf(d * d);
    BigInteger n =
        BigInteger.valueOf(d)
            .multiply(sumOfSquares(v))
            .subtract(s.multiply(s))
            .add(dd.multiply(BigInteger.valueOf(eps)).shiftLeft(Fixed.FRAC_BITS));
    BigInteger m = dd.multiply(TWO_66).divide(n); // both positive: floor
    return m.sqrt().add(BigInteger.ONE).shiftRight(1).intValueExact();
  }

  /** Exact sum of squares: each square is below 2^63, split in 32-bit halves summed in int64. */
  private static BigInteger sumOfSquares(int[] v) {
    long hi = 0;
    long lo = 0;
    for (int x : v) {
      long p = (long) x * x;
      hi += p >>> 32;
      lo += p & 0xFFFFFFFFL;
    }
    return BigInteger.valueOf(hi).shiftLeft(32).add(BigInteger.valueOf(lo));
  }

  /**
   * Normalised value saturate(roundShift((x - mean) * rstd, 16)): the difference and the product
   * are exact (|(x - mean) * rstd| < 2^63), one rounding.
   */
  public static int normalize(int x, int mean, int rstd) {
    return Fixed.saturate(Fixed.roundShift(((long) x - mean) * rstd, Fixed.FRAC_BITS));
  }

  /**
   * Mean of element-wise products: saturate(floor(P / (d * 2^16) + 1/2)) with P = sum_k a[k] * b[k]
   * exact and d = a.length >= 1 (b at least as long).
   */
  public static int meanOfProducts(int[] a, int[] b) {
    int n = a.length;
    long d = (long) n << Fixed.FRAC_BITS;
    if (Fixed.fitsFastPath(n, Fixed.maxAbs(a, n), Fixed.maxAbs(b, n))) {
      long p = 0;
      for (int k = 0; k < n; k++) {
        p += (long) a[k] * b[k];
      }
      return Fixed.saturate(roundDiv(p, d));
    }
    long hi = 0;
    long lo = 0;
    for (int k = 0; k < n; k++) {
      long p = (long) a[k] * b[k];
      hi += p >> 32;
      lo += p & 0xFFFFFFFFL;
    }
    BigInteger p = BigInteger.valueOf(hi).shiftLeft(32).add(BigInteger.valueOf(lo));
    BigInteger q = roundDiv(p, BigInteger.valueOf(d));
    return q.bitLength() < 32
        ? q.intValue()
        : q.signum() > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
  }

  /**
   * Layer-norm input gradient rstd * (g - m1 - xhat * m2), one rounding: with the exact Q32.32
   * value u = (g - m1) * 2^16 - xhat * m2 (|u| < 2^63), the result is saturate(roundShift(rstd * u,
   * 32)). Java splits u = h * 2^32 + l (0 <= l < 2^32) so every product fits int64: rstd * h +
   * roundShift(rstd * l, 32), which is the same integer because rstd * h * 2^32 is a multiple of
   * 2^32.
   */
  public static int backward(int g, int xhat, int m1, int m2, int rstd) {
    long u = (((long) g - m1) << Fixed.FRAC_BITS) - (long) xhat * m2;
    long h = u >> 32;
    long l = u & 0xFFFFFFFFL;
    return Fixed.saturate(rstd * h + ((rstd * l + (1L << 31)) >> 32));
  }
}
