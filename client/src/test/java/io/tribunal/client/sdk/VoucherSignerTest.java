package io.tribunal.client.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.Voucher;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

class VoucherSignerTest {
  private static final Eip712Domain DOMAIN =
      Eip712Domain.paymentChannels(31337, "0x" + "ab".repeat(20));

  @Test
  void nativeSigningIsAvailableHere() {
    assertThat(VoucherSigner.of(key()).isNative()).isTrue();
  }

  @Test
  void nativeSignaturesEqualWeb3jSignaturesByteForByte() {
    Random rnd = new Random(7);
    for (int k = 0; k < 50; k++) {
      ECKeyPair key = key();
      VoucherSigner fast = VoucherSigner.of(key);
      VoucherSigner reference = VoucherSigner.web3j(key);
      for (int i = 0; i < 20; i++) {
        byte[] digest =
            new Voucher(Bytes32.keccakOf("channel " + k), BigInteger.valueOf(rnd.nextLong() >>> 1))
                .digest(DOMAIN)
                .bytes();
        EcdsaSignature a = fast.sign(digest);
        assertThat(a.toBytes()).isEqualTo(reference.sign(digest).toBytes());
        assertThat(a.isLowS()).isTrue();
        assertThat(a.recover(digest)).isEqualTo("0x" + Keys.getAddress(key));
      }
    }
  }

  @Test
  void nativeSignaturesEqualLibsecp256k1SignPlusRecoveryAndUseBothRecoveryIds() {
    Random rnd = new Random(11);
    Set<Integer> vs = new HashSet<>();
    for (int k = 0; k < 40; k++) {
      ECKeyPair key = key();
      VoucherSigner signer = VoucherSigner.of(key);
      for (int i = 0; i < 100; i++) {
        byte[] digest = new byte[32];
        rnd.nextBytes(digest);
        if (i == 0) {
          Arrays.fill(digest, (byte) 0xff); // e ≥ n: the digest is reduced mod n
        }
        EcdsaSignature a = signer.sign(digest);
        assertThat(a.toBytes()).isEqualTo(signer.signByRecovery(digest).toBytes());
        assertThat(a.isLowS()).isTrue();
        vs.add(a.v());
      }
    }
    assertThat(vs).containsExactlyInAnyOrder(27, 28);
  }

  @Test
  void nativeSigningRefusesADigestOfTheWrongLength() {
    assertThatThrownBy(() -> VoucherSigner.of(key()).sign(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }

  private static ECKeyPair key() {
    try {
      return Keys.createEcKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
