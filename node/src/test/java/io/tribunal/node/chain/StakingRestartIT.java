package io.tribunal.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.generated.StakeRegistry;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.node.persist.StateDb;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.chain.Retry;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * Registration across restarts, checked against what the chain shows: each "run" opens the same
 * state DB (the journal of every earlier run is there) and calls {@link Staking#ensureRegistered}
 * as a daemon does at start. A stake that dropped below the configured amount is topped up again,
 * and an endpoint changed and changed back is the one the chain ends with.
 */
@ExtendWith(AnvilExtension.class)
class StakingRestartIT {
  private static final BigInteger STAKE = DevnetDeployer.USD.multiply(BigInteger.valueOf(200));

  @Test
  void aSlashedOperatorStakesAgainOnRestart(Devnet devnet, @TempDir Path data) throws Exception {
    Credentials operator = devnet.account(4);
    run(devnet, data, operator, "http://127.0.0.1:18601");
    assertThat(activeStake(devnet, operator)).isEqualTo(STAKE);

    dropStake(devnet, operator, DevnetDeployer.USD.multiply(BigInteger.valueOf(120)));
    assertThat(activeStake(devnet, operator))
        .isEqualTo(DevnetDeployer.USD.multiply(BigInteger.valueOf(80)));

    Staking.Registered after = run(devnet, data, operator, "http://127.0.0.1:18601");
    assertThat(activeStake(devnet, operator)).isEqualTo(STAKE);
    assertThat(after.activeStake()).isEqualTo(STAKE);
  }

  @Test
  void anEndpointChangedAndChangedBackIsWhatTheChainShows(Devnet devnet, @TempDir Path data)
      throws Exception {
    Credentials operator = devnet.account(7);
    for (String endpoint :
        List.of("http://127.0.0.1:18601", "http://127.0.0.1:18602", "http://127.0.0.1:18601")) {
      Staking.Registered r = run(devnet, data, operator, endpoint);
      assertThat(r.endpoint()).isEqualTo(endpoint);
      assertThat(registry(devnet, operator).metadataOf(operator.getAddress()).send().endpoint)
          .isEqualTo(endpoint);
    }
  }

  /** One daemon start: open the state DB, reconcile the journal, register, close. */
  private static Staking.Registered run(
      Devnet devnet, Path data, Credentials operator, String endpoint) {
    try (StateDb db = StateDb.open(data);
        TribunalChain chain = TribunalChain.connect(devnet.anvil().rpcUrl())) {
      ChainReader reader = new ChainReader(chain, Retry.command());
      DurableTxSender tx =
          new DurableTxSender(
              reader,
              operator,
              db,
              new RetryPolicy(Duration.ofSeconds(30), 3, Duration.ZERO, Duration.ZERO),
              1);
      tx.resumePending();
      Contracts c = Contracts.load(chain, devnet.deployment(), operator.getAddress());
      return Staking.ensureRegistered(c, reader, tx, STAKE, Staking.ROLE_SOLVER, endpoint);
    }
  }

  /**
   * The operator's active stake drops while it is down: it asks to unstake {@code amount} (stake
   * leaves an operator only this way or through a market's lock).
   */
  private static void dropStake(Devnet devnet, Credentials operator, BigInteger amount)
      throws Exception {
    registry(devnet, operator).requestUnstake(amount).send();
  }

  private static BigInteger activeStake(Devnet devnet, Credentials operator) throws Exception {
    return registry(devnet, operator).stakeOf(operator.getAddress()).send().component1();
  }

  private static StakeRegistry registry(Devnet devnet, Credentials as) {
    return StakeRegistry.load(
        devnet.deployment().address("StakeRegistry"),
        devnet.chain().web3j(),
        devnet.chain().transactionManager(as),
        devnet.chain().gasProvider());
  }
}
