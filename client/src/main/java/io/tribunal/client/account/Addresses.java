package io.tribunal.client.account;

import io.tribunal.client.job.KeystoreAddress;
import java.nio.file.Path;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;

/**
 * Addresses typed by people: 0x + 40 hex digits, and mixed case only as a valid EIP-55 checksum.
 */
public final class Addresses {
  private Addresses() {}

  /** {@code text} checked, or an {@link IllegalArgumentException} naming what is wrong. */
  public static String parse(String text, String what) {
    if (text == null || !text.startsWith("0x") || !WalletUtils.isValidAddress(text)) {
      throw new IllegalArgumentException(
          what + " must be 0x followed by 40 hex digits, got '" + text + "'");
    }
    String body = text.substring(2);
    boolean mixed = !body.equals(body.toLowerCase()) && !body.equals(body.toUpperCase());
    if (mixed && !Keys.toChecksumAddress(text).equals(text)) {
      throw new IllegalArgumentException(
          what
              + " "
              + text
              + " fails its EIP-55 checksum (a typo?); these digits check out as "
              + Keys.toChecksumAddress(text));
    }
    return text;
  }

  /** The address given, or the one recorded in {@code keystore}; one of the two is required. */
  public static String of(String address, Path keystore) {
    if (address != null) {
      return parse(address, "--address");
    }
    if (keystore == null) {
      throw new IllegalArgumentException("give --address ADDRESS or --keystore FILE");
    }
    return KeystoreAddress.read(keystore);
  }
}
