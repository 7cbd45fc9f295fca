package io.tribunal.bindings.eip712;

import java.math.BigInteger;
import java.util.Objects;
import org.web3j.crypto.Credentials;

/**
 * An EIP-2612 permit with its owner's signature, in the {@code PermitData{value, deadline, v, r,
 * s}} shape that {@code JobMarket.submitJob} and {@code PaymentChannels.open/topUp} carry, so a
 * user with no ETH can pay through a relayer. The contracts skip the permit when {@code deadline}
 * is 0 and use the existing allowance instead.
 */
public record SignedPermit(Eip2612Permit permit, EcdsaSignature signature) {
  public SignedPermit {
    Objects.requireNonNull(permit, "permit");
    Objects.requireNonNull(signature, "signature");
  }

  public static SignedPermit sign(Eip2612Permit permit, Eip712Domain token, Credentials owner) {
    return new SignedPermit(permit, permit.sign(token, owner));
  }

  public io.tribunal.bindings.generated.JobMarket.PermitData forJobMarket() {
    return new io.tribunal.bindings.generated.JobMarket.PermitData(
        permit.value(),
        permit.deadline(),
        BigInteger.valueOf(signature.v()),
        signature.r(),
        signature.s());
  }

  public io.tribunal.bindings.generated.PaymentChannels.PermitData forPaymentChannels() {
    return new io.tribunal.bindings.generated.PaymentChannels.PermitData(
        permit.value(),
        permit.deadline(),
        BigInteger.valueOf(signature.v()),
        signature.r(),
        signature.s());
  }

  /** "No permit": the market uses the allowance the user already gave. */
  public static io.tribunal.bindings.generated.JobMarket.PermitData noneForJobMarket() {
    return new io.tribunal.bindings.generated.JobMarket.PermitData(
        BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, new byte[32], new byte[32]);
  }
}
