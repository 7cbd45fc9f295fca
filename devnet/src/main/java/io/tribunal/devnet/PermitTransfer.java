package io.tribunal.devnet;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip2612Permit;
import io.tribunal.bindings.generated.TestUSD;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The smoke transaction every chain we support must run: the owner signs an EIP-2612 permit off
 * chain, and a relayer (who pays the gas) submits it and moves the tokens with {@code
 * transferFrom}. The owner needs no ETH.
 */
public final class PermitTransfer {
  private final TribunalChain chain;
  private final Deployment deployment;

  public PermitTransfer(TribunalChain chain, Deployment deployment) {
    this.chain = chain;
    this.deployment = deployment;
  }

  /** A permit ready to submit. */
  public record SignedPermit(Eip2612Permit permit, EcdsaSignature signature) {}

  /** Receipts of the relayed permit and the transfer it authorised. */
  public record Result(TransactionReceipt permitTx, TransactionReceipt transferTx) {}

  /** The owner's signature, made with web3j, over a permit valid for one hour of chain time. */
  public SignedPermit sign(Credentials owner, String spender, BigInteger value) {
    TestUSD token = token(owner);
    try {
      BigInteger nonce = token.nonces(owner.getAddress()).send();
      Eip2612Permit permit =
          new Eip2612Permit(owner.getAddress(), spender, value, nonce, deadline(3600));
      return new SignedPermit(
          permit,
          permit.sign(token.name().send(), chain.chainId(), token.getContractAddress(), owner));
    } catch (Exception e) {
      throw new IllegalStateException("cannot prepare permit: " + e.getMessage(), e);
    }
  }

  /** The relayer submits the permit, then pulls {@code value} from the owner to {@code to}. */
  public Result relay(SignedPermit signed, Credentials relayer, String to) {
    TestUSD token = token(relayer);
    Eip2612Permit p = signed.permit();
    EcdsaSignature sig = signed.signature();
    try {
      TransactionReceipt permitTx =
          token
              .permit(
                  p.owner(),
                  p.spender(),
                  p.value(),
                  p.deadline(),
                  BigInteger.valueOf(sig.v()),
                  sig.r(),
                  sig.s())
              .send();
      TransactionReceipt transferTx = token.transferFrom(p.owner(), to, p.value()).send();
      return new Result(permitTx, transferTx);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("relaying the permit failed: " + e.getMessage(), e);
    }
  }

  public BigInteger balanceOf(String address) {
    try {
      return token(DevAccounts.deployer()).balanceOf(address).send();
    } catch (Exception e) {
      throw new IllegalStateException("balanceOf failed: " + e.getMessage(), e);
    }
  }

  public TestUSD token(Credentials as) {
    return TestUSD.load(
        deployment.address("TestUSD"),
        chain.web3j(),
        chain.transactionManager(as),
        chain.gasProvider());
  }

  /** Latest block timestamp + {@code seconds}: deadlines follow chain time, not the wall clock. */
  public BigInteger deadline(long seconds) {
    return BigInteger.valueOf(chain.latestBlockTime() + seconds);
  }
}
