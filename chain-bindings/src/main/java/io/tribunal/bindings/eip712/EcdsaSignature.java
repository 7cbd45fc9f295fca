package io.tribunal.bindings.eip712;

import java.math.BigInteger;
import java.util.Arrays;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * A secp256k1 signature (v ∈ {27, 28}, r, s) over a 32-byte digest. {@link #sign} always produces
 * low-S signatures (what OpenZeppelin's ECDSA accepts); {@link #isLowS} lets verifiers enforce the
 * same rule off-chain.
 */
public record EcdsaSignature(int v, byte[] r, byte[] s) {
  /** secp256k1n / 2: OpenZeppelin's ECDSA rejects any s above it. */
  public static final BigInteger HALF_N =
      new BigInteger("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", 16);

  public EcdsaSignature {
    if (v != 27 && v != 28) {
      throw new IllegalArgumentException("v must be 27 or 28, got " + v);
    }
    if (r.length != 32 || s.length != 32) {
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

  /** The address that signed {@code digest}, 0x-prefixed lower case. */
  public String recover(byte[] digest) {
    try {
      BigInteger pub = Sign.signedMessageHashToKey(digest, new Sign.SignatureData((byte) v, r, s));
      return "0x" + Keys.getAddress(pub);
    } catch (java.security.SignatureException e) {
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
