package io.tribunal.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number formats and small sums of the learning benchmark. */
final class Figures {
  private Figures() {}

  /** A decimal in fixed point with {@code bits} fraction bits, rounded half up. */
  static long fixed(String decimal, int bits) {
    return new BigDecimal(decimal)
        .multiply(BigDecimal.valueOf(1L << bits))
        .setScale(0, RoundingMode.HALF_UP)
        .longValueExact();
  }

  /** Bits per symbol of the unigram distribution of {@code counts}. */
  static double entropy(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double h = 0;
    for (long c : counts) {
      if (c > 0) {
        double p = (double) c / total;
        h -= p * Math.log(p) / Math.log(2);
      }
    }
    return h;
  }

  static int[] range(int n, int stride) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i * stride;
    }
    return r;
  }
}
