package io.tribunal.bindings.eip712;

import java.math.BigInteger;
import java.util.Objects;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;

/**
 * A PaymentChannels EIP-712 {@code Voucher}: the payer's promise that the payee is owed {@code
 * cumulativeAmount} in total on one channel. Cumulative, so only the latest voucher matters and
 * losing older ones costs nothing. The domain binds it to one chain and one channels contract; the
 * channel id binds it to one (payer, payee, salt) that is never reused.
 */
public record Voucher(Bytes32 channelId, BigInteger cumulativeAmount) {
  public static final String TYPE = "Voucher(bytes32 channelId,uint256 cumulativeAmount)";
  public static final Bytes32 TYPE_HASH = new Bytes32(Eip712.typeHash(TYPE));

  public Voucher {
    Objects.requireNonNull(channelId, "channelId");
    Uint.check("cumulativeAmount", cumulativeAmount, 256);
  }

  /** {@code keccak256(abi.encode(payer, payee, salt))}, as {@code PaymentChannels.channelIdOf}. */
  public static Bytes32 channelId(String payer, String payee, Bytes32 salt) {
    byte[] buf = new byte[96];
    System.arraycopy(Eip712.address(payer), 0, buf, 0, 32);
    System.arraycopy(Eip712.address(payee), 0, buf, 32, 32);
    System.arraycopy(salt.bytes(), 0, buf, 64, 32);
    return new Bytes32(Hash.sha3(buf));
  }

  public Bytes32 structHash() {
    return new Bytes32(
        Eip712.hashStruct(TYPE_HASH.bytes(), channelId.bytes(), Eip712.word(cumulativeAmount)));
  }

  public Bytes32 digest(Eip712Domain domain) {
    return domain.digest(structHash());
  }

  public EcdsaSignature sign(Eip712Domain domain, Credentials payer) {
    return EcdsaSignature.sign(digest(domain).bytes(), payer);
  }
}
