package io.tribunal.bindings.eip712;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

class Eip712Test {
  private static final String PERSON = "Person(string name,address wallet)";
  private static final String MAIL = "Mail(Person from,Person to,string contents)" + PERSON;

  private static byte[] person(String name, String wallet) {
    return Eip712.hashStruct(
        Eip712.typeHash(PERSON), Eip712.stringHash(name), Eip712.address(wallet));
  }

  @Test
  void reproducesTheSpecsMailExampleDigest() {
    byte[] domain =
        Eip712.domainSeparator("Ether Mail", "1", 1, "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC");
    byte[] mail =
        Eip712.hashStruct(
            Eip712.typeHash(MAIL),
            person("Cow", "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"),
            person("Bob", "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"),
            Eip712.stringHash("Hello, Bob!"));

    assertThat(Numeric.toHexString(Eip712.digest(domain, mail)))
        .isEqualTo("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");
  }

  @Test
  void signaturesAreLowSAndRecoverToTheSigner() {
    Credentials key = Credentials.create("0x" + "11".repeat(32));
    for (int i = 0; i < 64; i++) {
      byte[] digest = Eip712.word(BigInteger.valueOf(i * 7919L + 1));
      EcdsaSignature sig = EcdsaSignature.sign(digest, key);
      assertThat(sig.isLowS()).isTrue();
      assertThat(sig.recover(digest)).isEqualToIgnoringCase(key.getAddress());
      assertThat(EcdsaSignature.fromBytes(sig.toBytes())).isEqualTo(sig);
    }
  }

  @Test
  void highSIsDetected() {
    Credentials key = Credentials.create("0x" + "22".repeat(32));
    EcdsaSignature sig = EcdsaSignature.sign(Eip712.word(42), key);
    BigInteger n = curveOrder();
    byte[] highS = Numeric.toBytesPadded(n.subtract(new BigInteger(1, sig.s())), 32);
    EcdsaSignature flipped = new EcdsaSignature(sig.v() == 27 ? 28 : 27, sig.r(), highS);
    assertThat(flipped.isLowS()).isFalse();
  }

  @Test
  void rejectsMalformedInputs() {
    assertThatThrownBy(() -> Eip712.address("0x1234")).hasMessageContaining("20-byte");
    assertThatThrownBy(() -> Eip712.word(BigInteger.valueOf(-1))).hasMessageContaining("uint256");
    assertThatThrownBy(() -> EcdsaSignature.fromBytes(new byte[64])).hasMessageContaining("65");
  }

  private static BigInteger curveOrder() {
    return EcdsaSignature.HALF_N.shiftLeft(1).add(BigInteger.ONE);
  }
}
