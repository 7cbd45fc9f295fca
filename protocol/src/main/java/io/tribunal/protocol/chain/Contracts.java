package io.tribunal.protocol.chain;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.bindings.generated.StakeRegistry;
import io.tribunal.bindings.generated.TestUSD;
import org.web3j.tx.ReadonlyTransactionManager;

/**
 * The protocol's contracts as read-only wrappers for one account: views go through them, and
 * state-changing calls are only ENCODED by them ({@code encodeFunctionCall()}) and then sent by the
 * node's durable transaction sender, so every transaction passes through the intent journal.
 */
public record Contracts(
    Deployment deployment,
    TribunalChain chain,
    JobMarket market,
    StakeRegistry registry,
    TestUSD token) {

  public static Contracts load(TribunalChain chain, Deployment d, String from) {
    ReadonlyTransactionManager ro = new ReadonlyTransactionManager(chain.web3j(), from);
    return new Contracts(
        d,
        chain,
        JobMarket.load(d.address("JobMarket"), chain.web3j(), ro, chain.gasProvider()),
        StakeRegistry.load(d.address("StakeRegistry"), chain.web3j(), ro, chain.gasProvider()),
        TestUSD.load(d.address("TestUSD"), chain.web3j(), ro, chain.gasProvider()));
  }

  public String marketAddress() {
    return deployment.address("JobMarket");
  }

  public String registryAddress() {
    return deployment.address("StakeRegistry");
  }

  public String tokenAddress() {
    return deployment.address("TestUSD");
  }

  public long marketBlock() {
    return deployment.find("JobMarket").orElseThrow().block();
  }

  /** The DisputeGame (views and encoding only, like the others; a view's sender is irrelevant). */
  public DisputeGame disputeGame() {
    String address = deployment.address("DisputeGame");
    return DisputeGame.load(
        address,
        chain.web3j(),
        new ReadonlyTransactionManager(chain.web3j(), address),
        chain.gasProvider());
  }

  public Eip712Domain marketDomain() {
    return Eip712Domain.jobMarket(chain.chainId(), marketAddress());
  }
}
