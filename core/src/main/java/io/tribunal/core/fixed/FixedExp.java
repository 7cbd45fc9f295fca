package io.tribunal.core.fixed;

/**
 * Integer exponential and softmax for the cross-entropy gradient. Only adds, multiplies, arithmetic
 * shifts, comparisons and one non-negative division per probability, so the Solidity leaf evaluator
 * mirrors it with int256 arithmetic.
 *
 * <p>Invariant: {@link #expNonPositive}(0) == {@link Fixed#ONE} exactly, results lie in [0, ONE],
 * and every input (including overflowing differences of int32 logits) has one defined result.
 */
public final class FixedExp {
  /** log2(e) in Q30: round(1.4426950408889634 * 2^30). */
  public static final long LOG2E_Q30 = 1549082005L;

  /** Taylor coefficients of 2^f = e^(f ln 2) in Q30: c[k] = round(ln(2)^k / k! * 2^30). */
  static final long[] EXP2_COEFFS_Q30 = {
    1073741824L, 744261118L, 257941248L, 59597083L, 10327387L, 1431680L, 165394L
  };

  /** Inputs below -64.0 give 0: e^-64 is far below one Q16.16 unit (and the exact rule agrees). */
  public static final long EXP_INPUT_FLOOR = -64L << Fixed.FRAC_BITS;

  private FixedExp() {}

  /**
   * e^x for a Q16.16 value x <= 0 given as int64 (positive inputs are treated as 0), as Q16.16 in
   * [0, ONE].
   */
  public static int expNonPositive(long x) {
    if (x > 0) {
      x = 0;
    }
    if (x < EXP_INPUT_FLOOR) {
      return 0;
    }
    long y = Fixed.roundShift(x * LOG2E_Q30, 30); // Q16.16 value of x*log2(e), <= 0
    long n = y >> Fixed.FRAC_BITS; // floor: integer part, <= 0
    long f = y & (Fixed.ONE - 1); // fractional part in [0, 2^16)
    long p = exp2FracQ30(f);
    long shift = 14 - n; // Q30 -> Q16 and the 2^n factor
    if (shift >= 32) {
      return 0; // p < 2^31, so (p + 2^(shift-1)) >> shift is 0 exactly
    }
    return (int) Fixed.roundShift(p, (int) shift);
  }

  /** 2^(f / 2^16) in Q30 for f in [0, 2^16), by Horner's rule with a round-half-up shift. */
  static long exp2FracQ30(long f) {
    long p = EXP2_COEFFS_Q30[EXP2_COEFFS_Q30.length - 1];
    for (int k = EXP2_COEFFS_Q30.length - 2; k >= 0; k--) {
      p = EXP2_COEFFS_Q30[k] + Fixed.roundShift(p * f, Fixed.FRAC_BITS);
    }
    return p;
  }

  /**
   * Softmax probability of entry k of a logit row, Q16.16 in [0, ONE]: e_j = exp(z_j - max z), S =
   * sum e_j (>= ONE), p_k = floor((e_k * 2^16 + floor(S / 2)) / S).
   */
  public static int softmaxAt(int[] logits, int k) {
    int max = Integer.MIN_VALUE;
    for (int z : logits) {
      max = Math.max(max, z);
    }
    long sum = 0;
    long ek = 0;
    for (int j = 0; j < logits.length; j++) {
      long e = expNonPositive((long) logits[j] - max);
      sum += e;
      if (j == k) {
        ek = e;
      }
    }
    return sum == 0 ? 0 : (int) (((ek << Fixed.FRAC_BITS) + (sum >> 1)) / sum);
  }

  /** All softmax probabilities of a row; equal entry by entry to {@link #softmaxAt}. */
  public static int[] softmax(int[] logits) {
    int max = Integer.MIN_VALUE;
    for (int z : logits) {
      max = Math.max(max, z);
    }
    long[] e = new long[logits.length];
    long sum = 0;
    for (int j = 0; j < logits.length; j++) {
      e[j] = expNonPositive((long) logits[j] - max);
      sum += e[j];
    }
    int[] p = new int[logits.length];
    for (int j = 0; j < logits.length; j++) {
      p[j] = (int) (((e[j] << Fixed.FRAC_BITS) + (sum >> 1)) / sum);
    }
    return p;
  }

  /**
   * Softmax probability of entry k over the first n entries of a logit row (a causal prefix), by
   * exactly the rules of {@link #softmaxAt} applied to z[0..n): m = max z[0..n), e_j = exp(z_j -
   * m), S = sum e_j, p_k = floor((e_k * 2^16 + floor(S / 2)) / S). Entries at or past n are not
   * read; n = 0 or k outside [0, n) gives 0. softmaxAt(z, k) == softmaxPrefixAt(z, z.length, k).
   */
  public static int softmaxPrefixAt(int[] logits, int n, int k) {
    int max = Integer.MIN_VALUE;
    for (int j = 0; j < n; j++) {
      max = Math.max(max, logits[j]);
    }
    long sum = 0;
    long ek = 0;
    for (int j = 0; j < n; j++) {
      long e = expNonPositive((long) logits[j] - max);
      sum += e;
      if (j == k) {
        ek = e;
      }
    }
    return sum == 0 ? 0 : (int) (((ek << Fixed.FRAC_BITS) + (sum >> 1)) / sum);
  }

  /**
   * All probabilities of the softmax over the first n entries, as a row of the logits' length with
   * zeros from n on; entry k < n equals {@link #softmaxPrefixAt}(logits, n, k).
   */
  public static int[] softmaxPrefix(int[] logits, int n) {
    int max = Integer.MIN_VALUE;
    for (int j = 0; j < n; j++) {
      max = Math.max(max, logits[j]);
    }
    long[] e = new long[n];
    long sum = 0;
    for (int j = 0; j < n; j++) {
      e[j] = expNonPositive((long) logits[j] - max);
      sum += e[j];
    }
    int[] p = new int[logits.length];
    for (int j = 0; j < n; j++) {
      p[j] = (int) (((e[j] << Fixed.FRAC_BITS) + (sum >> 1)) / sum);
    }
    return p;
  }
}
