package io.tribunal.bindings.eip712;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * A Solidity {@code bytes32}: exactly 32 bytes, immutable, compared by content. Keeps hashes and
 * ids in records without the identity semantics of a raw {@code byte[]}.
 */
public record Bytes32(byte[] bytes) {
  public static final Bytes32 ZERO = new Bytes32(new byte[32]);

  public Bytes32 {
    if (bytes.length != 32) {
      throw new IllegalArgumentException("bytes32 needs exactly 32 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  public static Bytes32 fromHex(String hex) {
    return new Bytes32(Numeric.hexStringToByteArray(hex));
  }

  /** keccak256 of a UTF-8 label: handy for readable fixed test values. */
  public static Bytes32 keccakOf(String label) {
    return new Bytes32(Hash.sha3(label.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** 0x-prefixed lower-case hex, 64 digits. */
  public String hex() {
    return Numeric.toHexString(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes32 other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
