package io.tribunal.devnet.market;

import io.tribunal.bindings.eip712.Eip2612Permit;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.SignedPermit;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.Devnet;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;

/** TestUSD permits signed with web3j by their owner, valid for one hour of chain time. */
public final class Permits {
  private Permits() {}

  public static SignedPermit sign(
      Devnet devnet, Credentials owner, String spender, BigInteger value) {
    try {
      BigInteger nonce =
          new DevnetDeployer(devnet.chain(), devnet.account(0))
              .token(devnet.deployment(), devnet.account(0))
              .nonces(owner.getAddress())
              .send();
      Eip2612Permit permit =
          new Eip2612Permit(
              owner.getAddress(),
              spender,
              value,
              nonce,
              AnvilRpc.now(devnet.chain()).add(BigInteger.valueOf(3600)));
      Eip712Domain token =
          Eip712Domain.testUsd(devnet.chain().chainId(), devnet.deployment().address("TestUSD"));
      return SignedPermit.sign(permit, token, owner);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the permit nonce: " + e.getMessage(), e);
    }
  }
}
