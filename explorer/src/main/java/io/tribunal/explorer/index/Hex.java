package io.tribunal.explorer.index;

import java.util.Locale;
import org.web3j.utils.Numeric;

/** The one spelling of keys in the index: lower-case 0x hex. */
public final class Hex {
  private Hex() {}

  public static String of(byte[] bytes) {
    return Numeric.toHexString(bytes).toLowerCase(Locale.ROOT);
  }

  public static String address(String address) {
    return address == null ? "" : address.toLowerCase(Locale.ROOT);
  }
}
