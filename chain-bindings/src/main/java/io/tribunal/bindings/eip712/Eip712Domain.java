package io.tribunal.bindings.eip712;

import java.util.Objects;

/**
 * The EIP-712 domain {@code EIP712Domain(string name,string version,uint256 chainId,address
 * verifyingContract)} as OpenZeppelin's {@code EIP712} builds it: a signature is bound to one
 * contract on one chain, so it cannot be replayed on another chain or another deployment.
 */
public record Eip712Domain(String name, String version, long chainId, String verifyingContract) {
  public static final String JOB_MARKET_NAME = "Tribunal JobMarket";
  public static final String PAYMENT_CHANNELS_NAME = "Tribunal PaymentChannels";
  public static final String TEST_USD_NAME = "Tribunal Test USD";

  public Eip712Domain {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    if (chainId <= 0) {
      throw new IllegalArgumentException("chainId must be positive, got " + chainId);
    }
    Eip712.address(verifyingContract); // validates
  }

  public static Eip712Domain jobMarket(long chainId, String market) {
    return new Eip712Domain(JOB_MARKET_NAME, "1", chainId, market);
  }

  public static Eip712Domain paymentChannels(long chainId, String channels) {
    return new Eip712Domain(PAYMENT_CHANNELS_NAME, "1", chainId, channels);
  }

  /** The TestUSD permit domain (OpenZeppelin {@code ERC20Permit}: token name, version "1"). */
  public static Eip712Domain testUsd(long chainId, String token) {
    return new Eip712Domain(TEST_USD_NAME, "1", chainId, token);
  }

  public Bytes32 separator() {
    return new Bytes32(Eip712.domainSeparator(name, version, chainId, verifyingContract));
  }

  /** {@code keccak256(0x1901 ‖ separator ‖ structHash)}. */
  public Bytes32 digest(Bytes32 structHash) {
    return new Bytes32(Eip712.digest(separator().bytes(), structHash.bytes()));
  }
}
