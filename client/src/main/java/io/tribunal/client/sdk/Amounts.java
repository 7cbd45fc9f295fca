package io.tribunal.client.sdk;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Token amounts typed by people ("10", "2.5") to base units, exactly, or a one-line error. */
public final class Amounts {
  private Amounts() {}

  public static BigInteger toBaseUnits(String text, int decimals, String what) {
    BigDecimal v;
    try {
      v = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + text + "' is not a number");
    }
    if (v.signum() <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + text);
    }
    BigDecimal units = v.movePointRight(decimals);
    if (units.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException(
          what + " " + text + " has more than " + decimals + " decimals");
    }
    return units.toBigIntegerExact();
  }
}
