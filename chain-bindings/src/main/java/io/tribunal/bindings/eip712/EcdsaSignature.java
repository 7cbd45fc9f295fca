package io.tribunal.bindings.eip712;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * A secp256k1 signature (v ∈ {27, 28}, r, s) over a 32-byte digest. {@link #sign} always produces
 * low-S signatures (what OpenZeppelin's ECDSA accepts).
 *
 * <p>Signatures from outside (request bodies) enter only through {@link #parseChecked}/{@link
 * #checked}: 65 bytes, v ∈ {27, 28}, r ∈ [1, n−1], s ∈ [1, n/2]. That is exactly what {@code
 * ecrecover} plus OpenZeppelin's ECDSA accept on chain, so a signature that passes here cannot be
 * refused there for its form, and every bad one is an {@link IllegalArgumentException} naming the
 * rule it breaks (never an arithmetic error from the curve code). {@link #fromBytes} stays lenient
 * (v 0/1 mapped to 27/28, any r and s) for trusted data such as test vectors.
 */
public record EcdsaSignature(int v, byte[] r, byte[] s) {
  /** secp256k1's group order n. */
  public static final BigInteger N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  /** secp256k1n / 2: OpenZeppelin's ECDSA rejects any s above it. */
  public static final BigInteger HALF_N =
      new BigInteger("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", 16);

  private static final Pattern HEX65 = Pattern.compile("0x[0-9a-fA-F]{130}");

  public EcdsaSignature {
    if (v != 27 && v != 28) {
      throw new IllegalArgumentException("v must be 27 or 28, got " + v);
    }
    if (r == null || s == null || r.length != 32 || s.length != 32) {
      throw new IllegalArgumentException("r and s must be 32 bytes");
    }
    r = r.clone();
    s = s.clone();
  }

  public static EcdsaSignature sign(byte[] digest, Credentials signer) {
    return sign(digest, signer.getEcKeyPair());
  }

  public static EcdsaSignature sign(byte[] digest, ECKeyPair key) {
    Sign.SignatureData sig = Sign.signMessage(digest, key, false);
    return new EcdsaSignature(sig.getV()[0] & 0xff, sig.getR(), sig.getS());
  }

  /** Parses the 65-byte {@code r ‖ s ‖ v} form (v may be 0/1 or 27/28). */
  public static EcdsaSignature fromBytes(byte[] rsv) {
    if (rsv.length != 65) {
      throw new IllegalArgumentException("signature must be 65 bytes, got " + rsv.length);
    }
    int v = rsv[64] & 0xff;
    return new EcdsaSignature(
        v < 27 ? v + 27 : v, Arrays.copyOfRange(rsv, 0, 32), Arrays.copyOfRange(rsv, 32, 64));
  }

  public static EcdsaSignature fromHex(String hex) {
    return fromBytes(Numeric.hexStringToByteArray(hex));
  }

  /**
   * The one parser for signatures from untrusted input: {@code 0x} + 130 hex digits, then {@link
   * #checked}. Throws IllegalArgumentException naming the broken rule.
   */
  public static EcdsaSignature parseChecked(String hex) {
    if (hex == null || !HEX65.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "signature must be 0x + 130 hex digits (65 bytes r ‖ s ‖ v)");
    }
    return checked(Numeric.hexStringToByteArray(hex));
  }

  /**
   * The 65-byte {@code r ‖ s ‖ v} form from untrusted input: v must be 27 or 28 (0/1 are refused
   * here: ecrecover on chain takes only 27/28, and one wire form per signature keeps stored and
   * relayed bytes equal to what was signed), r in [1, n−1], s in [1, n/2].
   */
  public static EcdsaSignature checked(byte[] rsv) {
    if (rsv == null || rsv.length != 65) {
      throw new IllegalArgumentException(
          "signature must be 65 bytes (r ‖ s ‖ v), got " + (rsv == null ? 0 : rsv.length));
    }
    int v = rsv[64] & 0xff;
    if (v != 27 && v != 28) {
      throw new IllegalArgumentException("signature v must be 27 or 28, got " + v);
    }
    EcdsaSignature sig =
        new EcdsaSignature(v, Arrays.copyOfRange(rsv, 0, 32), Arrays.copyOfRange(rsv, 32, 64));
    sig.defect()
        .ifPresent(
            d -> {
              throw new IllegalArgumentException(d);
            });
    return sig;
  }

  /**
   * Why the chain would refuse this signature for its form, or empty: r ∈ [1, n−1], s ∈ [1, n−1], s
   * ≤ n/2 (low S), checked in that order. v is always 27/28 (the constructor's rule).
   */
  public Optional<String> defect() {
    if (!inField(r)) {
      return Optional.of("signature r is not in [1, n-1]");
    }
    if (!inField(s)) {
      return Optional.of("signature s is not in [1, n-1]");
    }
    if (!isLowS()) {
      return Optional.of("signature s is above n/2 (high-S, malleable): use the low-S form");
    }
    return Optional.empty();
  }

  private static boolean inField(byte[] x) {
    BigInteger b = new BigInteger(1, x);
    return b.signum() > 0 && b.compareTo(N) < 0;
  }

  /** The 65-byte {@code r ‖ s ‖ v} form that OpenZeppelin's {@code ECDSA.recover(bytes)} takes. */
  public byte[] toBytes() {
    byte[] out = new byte[65];
    System.arraycopy(r, 0, out, 0, 32);
    System.arraycopy(s, 0, out, 32, 32);
    out[64] = (byte) v;
    return out;
  }

  public String toHex() {
    return Numeric.toHexString(toBytes());
  }

  public boolean isLowS() {
    return new BigInteger(1, s).compareTo(HALF_N) <= 0;
  }

  /**
   * The address that signed {@code digest}, 0x-prefixed lower case. High-S signatures recover too
   * (as with {@code ecrecover}); r or s outside [1, n−1], a digest that is not 32 bytes, or an r
   * that is no point's x are IllegalArgumentException, never the curve code's own exceptions (r = n
   * used to surface as "BigInteger not invertible").
   */
  public String recover(byte[] digest) {
    if (digest == null || digest.length != 32) {
      throw new IllegalArgumentException("digest must be 32 bytes");
    }
    if (!inField(r)) {
      throw new IllegalArgumentException("signature r is not in [1, n-1]");
    }
    if (!inField(s)) {
      throw new IllegalArgumentException("signature s is not in [1, n-1]");
    }
    try {
      BigInteger pub = Sign.signedMessageHashToKey(digest, new Sign.SignatureData((byte) v, r, s));
      return "0x" + Keys.getAddress(pub);
    } catch (java.security.SignatureException | RuntimeException e) {
      throw new IllegalArgumentException("signature does not recover: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] r() {
    return r.clone();
  }

  @Override
  public byte[] s() {
    return s.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EcdsaSignature other
        && v == other.v
        && Arrays.equals(r, other.r)
        && Arrays.equals(s, other.s);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * v + Arrays.hashCode(r)) + Arrays.hashCode(s);
  }

  @Override
  public String toString() {
    return "EcdsaSignature[" + toHex() + "]";
  }
}
