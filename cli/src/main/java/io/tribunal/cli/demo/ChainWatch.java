package io.tribunal.cli.demo;

import static io.tribunal.devnet.kit.Calls.unchecked;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.kit.Await;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The demo's read-only view of the chain (jobs, wallets, stakes, claimable balances), its waits,
 * and the devnet-only action the demo itself takes: moving anvil's clock (the roles never use this
 * anvil RPC; blocks come from a {@link io.tribunal.devnet.kit.BlockProducer}).
 */
final class ChainWatch {
  private final TribunalChain chain;
  private final Contracts contracts;
  private final RoleRunner roles;

  ChainWatch(TribunalChain chain, Deployment deployment, RoleRunner roles) {
    this.chain = chain;
    this.contracts = Contracts.load(chain, deployment, deployment.address("JobMarket"));
    this.roles = roles;
  }

  TribunalChain chain() {
    return chain;
  }

  JobMarket.JobView job(Bytes32 id) {
    return unchecked(() -> contracts.market().getJob(id.bytes()).send());
  }

  JobStatus status(Bytes32 id) {
    return JobStatus.of(job(id).status);
  }

  BigInteger wallet(String address) {
    return unchecked(() -> contracts.token().balanceOf(address).send());
  }

  BigInteger stake(String address) {
    return unchecked(() -> contracts.registry().stakeOf(address).send().component1());
  }

  /** How a cheated job pays the games that were open when the cheat was proven. */
  io.tribunal.protocol.dispute.CheatPayout cheatPayout(Bytes32 id) {
    return io.tribunal.protocol.dispute.CheatPayout.read(contracts, id);
  }

  BigInteger claimable(String address) {
    return unchecked(() -> contracts.market().claimable(address).send());
  }

  /** Moves anvil's clock past the job's challenge deadline (devnet only). */
  void passChallengeWindow(Bytes32 id) {
    long deadline = job(id).challengeDeadline.longValueExact();
    long now = AnvilRpc.now(chain).longValueExact();
    AnvilRpc.advanceTime(chain, Math.max(1, deadline - now + 1));
  }

  /** Polls {@code condition} every 200 ms, failing if a daemon died or the time ran out. */
  void await(String what, Duration timeout, BooleanSupplier condition) {
    Await.until(what, timeout, Duration.ofMillis(200), roles::checkAlive, condition);
  }
}
