package io.tribunal.bindings.eip712;

import java.math.BigInteger;

/** Range checks for Solidity unsigned integer fields. */
final class Uint {
  private Uint() {}

  static void check(String field, BigInteger value, int bits) {
    if (value == null) {
      throw new NullPointerException(field);
    }
    if (value.signum() < 0 || value.bitLength() > bits) {
      throw new IllegalArgumentException(field + " must fit a uint" + bits + ", got " + value);
    }
  }
}
