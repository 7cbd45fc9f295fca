package io.tribunal.core.commit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.HexFormat;

/** A 32-byte hash value (keccak256 output); immutable, compared by content. */
public record Hash32(byte[] bytes) implements Comparable<Hash32> {
  /** The padding leaf of positional trees: 32 zero bytes. */
  public static final Hash32 ZERO = new Hash32(new byte[32]);

  public Hash32 {
    if (bytes.length != 32) {
      throw new IllegalArgumentException("a hash has 32 bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Parses 0x-prefixed or bare hex. */
  @JsonCreator
  public static Hash32 fromHex(String hex) {
    String h = hex.startsWith("0x") ? hex.substring(2) : hex;
    return new Hash32(HexFormat.of().parseHex(h));
  }

  @JsonValue
  public String hex() {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  /** Unsigned lexicographic order, as OpenZeppelin sorts leaves and pairs. */
  @Override
  public int compareTo(Hash32 o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash32 h && Arrays.equals(h.bytes, bytes);
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
