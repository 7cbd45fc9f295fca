package io.tribunal.client.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.Voucher;
import java.math.BigInteger;
import java.util.Random;
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

  private static ECKeyPair key() {
    try {
      return Keys.createEcKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
