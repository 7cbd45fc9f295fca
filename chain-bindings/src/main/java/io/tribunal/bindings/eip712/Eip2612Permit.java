package io.tribunal.bindings.eip712;

import java.math.BigInteger;
import org.web3j.crypto.Credentials;

/**
 * An EIP-2612 {@code Permit}: lets {@code spender} move {@code value} of the owner's tokens without
 * the owner paying gas. The domain is the token's (its name, version "1", chain id, address),
 * exactly as OpenZeppelin's {@code ERC20Permit} builds it.
 */
public record Eip2612Permit(
    String owner, String spender, BigInteger value, BigInteger nonce, BigInteger deadline) {

  public static final String TYPE =
      "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)";

  public byte[] structHash() {
    return Eip712.hashStruct(
        Eip712.typeHash(TYPE),
        Eip712.address(owner),
        Eip712.address(spender),
        Eip712.word(value),
        Eip712.word(nonce),
        Eip712.word(deadline));
  }

  public byte[] digest(String tokenName, long chainId, String token) {
    return Eip712.digest(Eip712.domainSeparator(tokenName, "1", chainId, token), structHash());
  }

  public Bytes32 digest(Eip712Domain token) {
    return token.digest(new Bytes32(structHash()));
  }

  public EcdsaSignature sign(Eip712Domain token, Credentials signer) {
    return EcdsaSignature.sign(digest(token).bytes(), signer);
  }

  public EcdsaSignature sign(String tokenName, long chainId, String token, Credentials signer) {
    return EcdsaSignature.sign(digest(tokenName, chainId, token), signer);
  }
}
