package io.tribunal.client.sdk;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Token amounts typed by people ("10", "2.5") to base units, exactly, or a one-line error. Scripts
 * may give base units explicitly with the suffix {@code units} ("25000000units").
 */
public final class Amounts {
  /** The explicit base-unit suffix. */
  public static final String UNITS = "units";

  private Amounts() {}

  public static BigInteger toBaseUnits(String text, int decimals, String what) {
    String t = text.strip();
    if (t.endsWith(UNITS)) {
      String digits = t.substring(0, t.length() - UNITS.length());
      if (!digits.matches("[0-9]{1,60}") || new BigInteger(digits).signum() == 0) {
        throw new IllegalArgumentException(
            what
                + " '"
                + text
                + "': base units must be a positive whole number, e.g. 25000000units");
      }
      return new BigInteger(digits);
    }
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

  /** {@code units} base units as tokens, e.g. 25000000 at 6 decimals is "25", 2500000 is "2.5". */
  public static String tokens(BigInteger units, int decimals) {
    BigDecimal v = new BigDecimal(units).movePointLeft(decimals).stripTrailingZeros();
    return v.scale() < 0 ? v.setScale(0).toPlainString() : v.toPlainString();
  }
}
