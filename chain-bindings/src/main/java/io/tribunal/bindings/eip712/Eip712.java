package io.tribunal.bindings.eip712;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * EIP-712 typed-data hashing, word by word, so the Java side is the same arithmetic as the
 * contracts' OpenZeppelin {@code EIP712}: {@code digest = keccak256(0x1901 ‖ domainSeparator ‖
 * hashStruct(message))}. Each struct type builds its own {@code hashStruct} from {@link #word}s.
 */
public final class Eip712 {
  public static final String DOMAIN_TYPE =
      "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";

  private Eip712() {}

  public static byte[] typeHash(String encodedType) {
    return Hash.sha3(encodedType.getBytes(StandardCharsets.UTF_8));
  }

  /** keccak256 of a UTF-8 string, as EIP-712 encodes {@code string} members. */
  public static byte[] stringHash(String s) {
    return Hash.sha3(s.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] domainSeparator(
      String name, String version, long chainId, String verifyingContract) {
    return hashStruct(
        typeHash(DOMAIN_TYPE),
        stringHash(name),
        stringHash(version),
        word(BigInteger.valueOf(chainId)),
        address(verifyingContract));
  }

  /** keccak256(typeHash ‖ field words). Every field must already be a 32-byte word. */
  public static byte[] hashStruct(byte[] typeHash, byte[]... fields) {
    byte[] buf = new byte[32 * (fields.length + 1)];
    System.arraycopy(requireWord(typeHash), 0, buf, 0, 32);
    for (int i = 0; i < fields.length; i++) {
      System.arraycopy(requireWord(fields[i]), 0, buf, 32 * (i + 1), 32);
    }
    return Hash.sha3(buf);
  }

  public static byte[] digest(byte[] domainSeparator, byte[] structHash) {
    byte[] buf = new byte[66];
    buf[0] = 0x19;
    buf[1] = 0x01;
    System.arraycopy(requireWord(domainSeparator), 0, buf, 2, 32);
    System.arraycopy(requireWord(structHash), 0, buf, 34, 32);
    return Hash.sha3(buf);
  }

  /** An unsigned integer (uint256 and smaller) as a 32-byte big-endian word. */
  public static byte[] word(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 256) {
      throw new IllegalArgumentException("not a uint256: " + value);
    }
    return Numeric.toBytesPadded(value, 32);
  }

  public static byte[] word(long value) {
    return word(BigInteger.valueOf(value));
  }

  public static byte[] address(String address) {
    byte[] a = Numeric.hexStringToByteArray(address);
    if (a.length != 20) {
      throw new IllegalArgumentException("not a 20-byte address: " + address);
    }
    byte[] w = new byte[32];
    System.arraycopy(a, 0, w, 12, 20);
    return w;
  }

  public static byte[] bool(boolean b) {
    return word(b ? BigInteger.ONE : BigInteger.ZERO);
  }

  private static byte[] requireWord(byte[] w) {
    if (w.length != 32) {
      throw new IllegalArgumentException("EIP-712 field must be 32 bytes, got " + w.length);
    }
    return w;
  }
}
