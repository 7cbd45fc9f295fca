package io.tribunal.cli.demo;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.devnet.testing.AnvilRpc;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * The demo's read-only view of the chain (jobs, wallets, stakes, claimable balances) and the two
 * devnet-only actions the demo itself takes: producing blocks and moving anvil's clock. The roles
 * never use these anvil RPCs.
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
    return call(() -> contracts.market().getJob(id.bytes()).send());
  }

  JobStatus status(Bytes32 id) {
    return JobStatus.of(job(id).status);
  }

  BigInteger wallet(String address) {
    return call(() -> contracts.token().balanceOf(address).send());
  }

  BigInteger stake(String address) {
    return call(() -> contracts.registry().stakeOf(address).send().component1());
  }

  /** How a cheated job pays the games that were open when the cheat was proven. */
  io.tribunal.protocol.dispute.CheatPayout cheatPayout(Bytes32 id) {
    return io.tribunal.protocol.dispute.CheatPayout.read(contracts, id);
  }

  BigInteger claimable(String address) {
    return call(() -> contracts.market().claimable(address).send());
  }

  /** Moves anvil's clock past the job's challenge deadline (devnet only). */
  void passChallengeWindow(Bytes32 id) {
    long deadline = job(id).challengeDeadline.longValueExact();
    long now = AnvilRpc.now(chain).longValueExact();
    AnvilRpc.advanceTime(chain, Math.max(1, deadline - now + 1));
  }

  /** Mines one block (anvil mines only on transactions; a real chain makes blocks on its own). */
  void mine() {
    AnvilRpc.mine(chain);
  }

  /** Polls {@code condition} every 200 ms, failing if a daemon died or the time ran out. */
  void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      roles.checkAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      sleep(200);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static <T> T call(Callable<T> c) {
    try {
      return c.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
