package io.tribunal.explorer.index;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Token amounts for people: base units shown in tUSD, trailing zeros dropped. */
public record Tusd(int decimals) {
  public String format(BigInteger units) {
    BigDecimal v = new BigDecimal(units, decimals).stripTrailingZeros();
    return (v.signum() == 0 ? "0" : v.toPlainString()) + " tUSD";
  }
}
