package io.tribunal.bindings.eip712;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * The checked parser accepts exactly what ecrecover + OpenZeppelin's ECDSA accept (v 27/28, r in
 * [1, n−1], s in [1, n/2]) and names the rule a bad signature breaks; recovery never throws
 * anything but IllegalArgumentException.
 */
class EcdsaSignatureTest {
  private static final BigInteger N = EcdsaSignature.N;
  private static final Credentials KEY = Credentials.create("0x" + "33".repeat(32));
  private static final byte[] DIGEST = Eip712.word(BigInteger.valueOf(424242));

  @Test
  void theCurveOrderMatchesHalfN() {
    assertThat(N.shiftRight(1)).isEqualTo(EcdsaSignature.HALF_N);
  }

  @Test
  void signedSignaturesPassTheCheckedParserAndRecover() {
    for (int i = 0; i < 64; i++) {
      byte[] digest = Eip712.word(BigInteger.valueOf(i * 104729L + 3));
      EcdsaSignature sig = EcdsaSignature.sign(digest, KEY);
      assertThat(sig.defect()).isEmpty();
      EcdsaSignature parsed = EcdsaSignature.parseChecked(sig.toHex());
      assertThat(parsed).isEqualTo(sig);
      assertThat(parsed.recover(digest)).isEqualToIgnoringCase(KEY.getAddress());
    }
  }

  @Test
  void namesEachBrokenRule() {
    EcdsaSignature good = EcdsaSignature.sign(DIGEST, KEY);
    BigInteger s = new BigInteger(1, good.s());
    assertRefused(with(N, s, good.v()), "signature r is not in [1, n-1]");
    assertRefused(with(BigInteger.ZERO, s, good.v()), "signature r is not in [1, n-1]");
    assertRefused(with(N.add(BigInteger.ONE), s, good.v()), "signature r is not in [1, n-1]");
    BigInteger r = new BigInteger(1, good.r());
    assertRefused(with(r, BigInteger.ZERO, good.v()), "signature s is not in [1, n-1]");
    assertRefused(with(r, N, good.v()), "signature s is not in [1, n-1]");
    assertRefused(with(r, N.subtract(s), 55 - good.v()), "high-S");
    assertRefused(with(r, EcdsaSignature.HALF_N.add(BigInteger.ONE), 27), "high-S");
    assertRefused(with(r, s, 29), "signature v must be 27 or 28, got 29");
    assertRefused(with(r, s, 0), "signature v must be 27 or 28, got 0");
    assertRefused(with(r, s, 1), "signature v must be 27 or 28, got 1");
    // the largest acceptable s is n/2 itself
    assertThat(EcdsaSignature.parseChecked(with(r, EcdsaSignature.HALF_N, 27)).defect()).isEmpty();
  }

  @Test
  void refusesMalformedHex() {
    assertRefused("0x1234", "130 hex digits");
    assertRefused(null, "130 hex digits");
    assertRefused("0x" + "zz".repeat(65), "130 hex digits");
    assertRefused("00" + "11".repeat(65), "130 hex digits");
    assertThatThrownBy(() -> EcdsaSignature.checked(new byte[64]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("65 bytes");
  }

  @Test
  void theLenientParserStillMapsZeroAndOneForTrustedData() {
    EcdsaSignature good = EcdsaSignature.sign(DIGEST, KEY);
    byte[] raw = good.toBytes();
    raw[64] = (byte) (good.v() - 27);
    assertThat(EcdsaSignature.fromBytes(raw)).isEqualTo(good);
  }

  /** Edge and random (r, s, v): recovery either answers or throws IllegalArgumentException. */
  @Test
  void recoverThrowsOnlyIllegalArgument() {
    BigInteger[] edges = {
      BigInteger.ZERO,
      BigInteger.ONE,
      BigInteger.TWO,
      EcdsaSignature.HALF_N,
      N.subtract(BigInteger.ONE),
      N,
      N.add(BigInteger.ONE),
      BigInteger.TWO.pow(256).subtract(BigInteger.ONE)
    };
    for (BigInteger r : edges) {
      for (BigInteger s : edges) {
        for (int v : new int[] {27, 28}) {
          recoverOrIllegalArgument(r, s, v);
        }
      }
    }
    Random rnd = new Random(20261202L);
    for (int i = 0; i < 500; i++) {
      recoverOrIllegalArgument(
          new BigInteger(256, rnd), new BigInteger(256, rnd), 27 + rnd.nextInt(2));
    }
  }

  private static void recoverOrIllegalArgument(BigInteger r, BigInteger s, int v) {
    EcdsaSignature sig =
        new EcdsaSignature(v, Numeric.toBytesPadded(r, 32), Numeric.toBytesPadded(s, 32));
    try {
      assertThat(sig.recover(DIGEST)).startsWith("0x").hasSize(42);
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  private static void assertRefused(String hex, String reason) {
    assertThatThrownBy(() -> EcdsaSignature.parseChecked(hex))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  private static String with(BigInteger r, BigInteger s, int v) {
    byte[] out = new byte[65];
    System.arraycopy(fit(r), 0, out, 0, 32);
    System.arraycopy(fit(s), 0, out, 32, 32);
    out[64] = (byte) v;
    return Numeric.toHexString(out);
  }

  /** The low 256 bits, big-endian (n + 1 still fits). */
  private static byte[] fit(BigInteger x) {
    return Numeric.toBytesPadded(x.mod(BigInteger.TWO.pow(256)), 32);
  }
}
