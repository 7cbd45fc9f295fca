package io.tribunal.client.sdk;

import fr.acinq.secp256k1.Secp256k1;
import io.tribunal.bindings.eip712.EcdsaSignature;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Signs voucher digests for one payer key: with libsecp256k1 (acinq's JNI binding) when it loads,
 * else with web3j. Both make the same bytes — RFC 6979 nonces (HMAC-SHA256), {@code s} normalised
 * to the low half, {@code v = 27 + recovery id} — so the choice never changes what a server or the
 * contract sees (VoucherSignerTest checks byte equality with both web3j and libsecp256k1's own
 * {@code sign}). Native signing is ~10× faster, which matters because every paid request carries a
 * fresh signature.
 *
 * <p>The native path is ECDSA written out so that it also yields the recovery id, which
 * libsecp256k1's plain {@code sign} does not return (finding it afterwards costs a full public-key
 * recovery, more than the signature itself): the RFC 6979 nonce {@code k} from Bouncy Castle's
 * {@link HMacDSAKCalculator} (the derivation libsecp256k1 and web3j use), {@code R = k·G} by
 * libsecp256k1 ({@code pubkeyCreate}, constant time), {@code r = R.x mod n}, {@code s = k⁻¹(e +
 * r·d) mod n} with Bouncy Castle's constant-time inverse, then low-S normalisation, which flips the
 * parity of R's y. The recovery id is that parity.
 */
public final class VoucherSigner {
  private static final boolean NATIVE = probe();

  private static final BigInteger N = Sign.CURVE_PARAMS.getN();
  private static final BigInteger HALF_N = N.shiftRight(1);

  private final ECKeyPair key;
  private final byte[] secret;
  private final byte[] publicKey;

  private VoucherSigner(ECKeyPair key, boolean useNative) {
    this.key = key;
    this.secret = useNative ? Numeric.toBytesPadded(key.getPrivateKey(), 32) : null;
    this.publicKey = useNative ? Secp256k1.get().pubkeyCreate(secret) : null;
  }

  /** The fastest signer available for {@code key}. */
  public static VoucherSigner of(ECKeyPair key) {
    return new VoucherSigner(key, NATIVE);
  }

  /** Always web3j (the reference the native path must equal). */
  public static VoucherSigner web3j(ECKeyPair key) {
    return new VoucherSigner(key, false);
  }

  public boolean isNative() {
    return secret != null;
  }

  /** A low-S signature of the 32-byte {@code digest}. */
  public EcdsaSignature sign(byte[] digest) {
    if (secret == null) {
      return EcdsaSignature.sign(digest, key);
    }
    if (digest.length != 32) {
      throw new IllegalArgumentException("digest must be 32 bytes, got " + digest.length);
    }
    BigInteger d = key.getPrivateKey();
    HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
    nonces.init(N, d, digest);
    BigInteger e = new BigInteger(1, digest);
    while (true) {
      BigInteger k = nonces.nextK(); // 1 ≤ k < n
      byte[] point = Secp256k1.get().pubkeyCreate(Numeric.toBytesPadded(k, 32)); // 04 ‖ x ‖ y
      BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
      if (x.compareTo(N) >= 0) {
        return signByRecovery(digest); // r = x − n: recovery ids 2/3, probability ~2^-127
      }
      BigInteger r = x;
      BigInteger s = BigIntegers.modOddInverse(N, k).multiply(e.add(d.multiply(r))).mod(N);
      if (r.signum() == 0 || s.signum() == 0) {
        continue; // RFC 6979: next k
      }
      int recId = point[64] & 1; // parity of R's y
      if (s.compareTo(HALF_N) > 0) {
        s = N.subtract(s); // (r, n − s) is the signature for −R
        recId ^= 1;
      }
      return new EcdsaSignature(
          27 + recId, Numeric.toBytesPadded(r, 32), Numeric.toBytesPadded(s, 32));
    }
  }

  /** libsecp256k1's own {@code sign} (low-S), then one recovery to find v. */
  EcdsaSignature signByRecovery(byte[] digest) {
    Secp256k1 secp = Secp256k1.get();
    byte[] rs = secp.sign(digest, secret); // compact r ‖ s, already low-S
    // A valid signature by this key recovers under exactly one of ids 0 and 1 when r < n.
    int recId = Arrays.equals(recover(secp, rs, digest, 0), publicKey) ? 0 : 1;
    return new EcdsaSignature(
        27 + recId, Arrays.copyOfRange(rs, 0, 32), Arrays.copyOfRange(rs, 32, 64));
  }

  private static byte[] recover(Secp256k1 secp, byte[] rs, byte[] digest, int recId) {
    try {
      byte[] pub = secp.ecdsaRecover(rs, digest, recId);
      return pub.length == 33 ? secp.pubkeyParse(pub) : pub;
    } catch (RuntimeException e) {
      return new byte[0];
    }
  }

  private static boolean probe() {
    try {
      Secp256k1.get();
      return true;
    } catch (Throwable e) {
      return false;
    }
  }
}
