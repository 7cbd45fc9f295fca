package io.tribunal.solver.inference;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip712;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.Voucher;
import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.jcajce.provider.digest.Keccak;

/**
 * The off-chain twin of {@code PaymentChannels._checkVoucher}: EIP-712 digest under the channels
 * contract's domain (chain id + address, separator computed once), r and s in range and low S,
 * recovered signer must be the payer. Returns a problem code or empty when the signature is good.
 */
public final class VoucherVerifier {
  private final byte[] separator;
  private final SignatureRecovery recovery;

  public VoucherVerifier(Eip712Domain domain, SignatureRecovery recovery) {
    this.separator = domain.separator().bytes();
    this.recovery = recovery;
  }

  public SignatureRecovery recovery() {
    return recovery;
  }

  /** Digest the payer signs; equals {@link Voucher#digest} and the contract's hashVoucher. */
  public byte[] digest(Bytes32 channelId, BigInteger cumulativeAmount) {
    Keccak.Digest256 k = new Keccak.Digest256();
    k.update(Voucher.TYPE_HASH.bytes());
    k.update(channelId.bytes());
    k.update(Eip712.word(cumulativeAmount));
    byte[] struct = k.digest();
    k.reset();
    k.update(new byte[] {0x19, 0x01});
    k.update(separator);
    k.update(struct);
    return k.digest();
  }

  /**
   * Empty when {@code sig} is a well-formed signature by {@code payer}, else the reason. The form
   * (r, s ranges, low S) is EcdsaSignature's one rule set; the HTTP paths parse with it already,
   * this repeats it for signatures built any other way.
   */
  public Optional<ApiException> check(
      Bytes32 channelId, BigInteger cumulativeAmount, EcdsaSignature sig, String payer) {
    Optional<String> defect = sig.defect();
    if (defect.isPresent()) {
      return Optional.of(ApiException.badRequest("bad_signature", defect.get()));
    }
    Optional<String> signer = recovery.recover(digest(channelId, cumulativeAmount), sig);
    if (signer.isEmpty() || !signer.get().equalsIgnoreCase(payer)) {
      return Optional.of(
          new ApiException(
              401,
              "invalid_signature",
              "voucher is not signed by the payer "
                  + payer
                  + " for this channel, chain and contract"));
    }
    return Optional.empty();
  }
}
