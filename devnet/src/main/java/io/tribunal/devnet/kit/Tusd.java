package io.tribunal.devnet.kit;

import java.math.BigDecimal;
import java.math.BigInteger;

/** TestUSD amounts: whole tUSD to base units (6 decimals) and back to a short decimal string. */
public final class Tusd {
  /** One tUSD in base units. */
  public static final BigInteger UNIT = BigInteger.TEN.pow(6);

  private Tusd() {}

  /** {@code whole} tUSD in base units. */
  public static BigInteger of(long whole) {
    return BigInteger.valueOf(whole).multiply(UNIT);
  }

  /** Base units as tUSD without trailing zeros: 25000000 → "25", 2500000 → "2.5". */
  public static String format(BigInteger units) {
    return new BigDecimal(units).movePointLeft(6).stripTrailingZeros().toPlainString();
  }
}
