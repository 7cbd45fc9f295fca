package io.tribunal.core.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Exact conversion of decimal text to integers (no binary floating point anywhere): the same text
 * gives the same bits on every machine.
 */
public final class DecimalParser {
  private static final BigDecimal HALF = new BigDecimal("0.5");

  private DecimalParser() {}

  /**
   * floor(value * scale + 1/2) (round half up, as the engine's shifts round) for a decimal string,
   * saturated to the int32 range.
   */
  public static int scaledRoundHalfUp(String text, long scale) {
    BigDecimal v;
    try {
      v = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new DatasetException("not a decimal number: '" + text + "'", e);
    }
    BigInteger r =
        v.multiply(BigDecimal.valueOf(scale))
            .add(HALF)
            .setScale(0, RoundingMode.FLOOR)
            .toBigInteger();
    if (r.bitLength() >= 32) {
      return r.signum() > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    }
    return r.intValue();
  }

  /** A Q16.16 value: round_half_up(value * 2^16), saturated. */
  public static int toFixed(String text) {
    return scaledRoundHalfUp(text, 1L << 16);
  }
}
