package io.tribunal.client.sdk;

import fr.acinq.secp256k1.Secp256k1;
import io.tribunal.bindings.eip712.EcdsaSignature;
import java.util.Arrays;
import org.web3j.crypto.ECKeyPair;
import org.web3j.utils.Numeric;

/**
 * Signs voucher digests for one payer key: with libsecp256k1 (acinq's JNI binding) when it loads,
 * else with web3j. Both make the same bytes — RFC 6979 nonces (HMAC-SHA256), {@code s} normalised
 * to the low half, {@code v = 27 + recovery id} — so the choice never changes what a server or the
 * contract sees (VoucherSignerTest checks byte equality). Native signing is ~10× faster, which
 * matters because every paid request carries a fresh signature.
 */
public final class VoucherSigner {
  private static final boolean NATIVE = probe();

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
    Secp256k1 secp = Secp256k1.get();
    byte[] rs = secp.sign(digest, secret); // compact r ‖ s, already low-S
    // The recovery id is the parity of R's y; ids 2 and 3 need r ≥ n (probability ~2^-127). So one
    // recovery decides it: our key under id 0, else id 1 (a valid signature by this key recovers
    // under exactly one of the two). Saves half a recovery per voucher on average.
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
