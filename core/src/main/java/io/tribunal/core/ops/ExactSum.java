package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;

/**
 * An exact accumulator of int32 x int32 products for element functions whose sums may leave int64
 * (extreme values): each product is split into its high and low 32 bits, so fewer than 2^31 terms
 * never overflow either half. {@link #finishDot} applies the dot-product rule saturate(roundShift(
 * sum, 16)) to the exact sum, as {@link Fixed#dot} does.
 */
final class ExactSum {
  private static final long SATURATED_HI = 1L << 46;

  private long hi;
  private long lo;

  /** Adds a * b exactly. */
  void add(int a, int b) {
    long p = (long) a * b;
    hi += p >> 32;
    lo += p & 0xFFFFFFFFL;
  }

  /**
   * saturate(roundShift(hi * 2^32 + lo, 16)). Since 2^16 divides hi * 2^32 and lo >= 0, the rounded
   * shift is hi * 2^16 + ((lo + 2^15) >> 16); |hi| > 2^46 means |sum| > 2^78 - 2^63, saturated.
   */
  int finishDot() {
    if (hi > SATURATED_HI) {
      return Integer.MAX_VALUE;
    }
    if (hi < -SATURATED_HI) {
      return Integer.MIN_VALUE;
    }
    return Fixed.saturate((hi << Fixed.FRAC_BITS) + ((lo + (1L << (Fixed.FRAC_BITS - 1))) >> 16));
  }
}
