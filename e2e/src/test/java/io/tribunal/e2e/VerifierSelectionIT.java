package io.tribunal.e2e;

import static io.tribunal.e2e.World.VERIFIER_POOL;
import static io.tribunal.e2e.World.VERIFIER_STAKE;
import static io.tribunal.e2e.World.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * Verifier selection with real daemons: four verifier daemons stake before the job exists, the
 * job's randomness draws three of them (JobMarket has three seats). The three drawn replay their
 * samples, attest with their state hashes under a bond and are paid a third of the verifier pool
 * each, their bonds released at finalize; the fourth logs that it was not drawn and never sends an
 * attestation. Which daemon is left out depends on the block hash; exactly one always is.
 */
@ExtendWith(AnvilExtension.class)
class VerifierSelectionIT {
  @TempDir Path dir;

  @Test
  void theDrawnVerifiersAttestAndArePaidWhileTheUndrawnOneStaysIdle(Devnet devnet)
      throws Exception {
    try (World world = new World(devnet, dir)) {
      Credentials user = world.account("user", 0, 100);
      world.account("solver", 10, 1000);
      Map<String, DaemonProcess> daemons = new LinkedHashMap<>();
      Map<String, Credentials> accounts = new LinkedHashMap<>();
      for (int i = 1; i <= 4; i++) {
        String name = "verifier" + i;
        Credentials c = world.account(name, 10, 500);
        accounts.put(c.getAddress().toLowerCase(java.util.Locale.ROOT), c);
        daemons.put(
            c.getAddress().toLowerCase(java.util.Locale.ROOT),
            world.startVerifier(name, world.verifierConfig(name)));
      }
      int port = RpcProxy.freePort();
      world.startSolver("solver", world.solverConfig("solver", port, ""), Map.of());
      world.startMining(Duration.ofMillis(500));
      Bytes32 id = world.relay(port, world.sign(user, 81));
      world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(90));
      World.await(
          "the job's randomness recorded",
          Duration.ofSeconds(60),
          () -> new BigInteger(1, world.job(id).randomness).signum() != 0);

      JobMarket market = world.reads.market();
      List<String> seats =
          ((List<?>) market.drawnVerifiers(id.bytes()).send())
              .stream().map(a -> a.toString().toLowerCase(java.util.Locale.ROOT)).toList();
      assertThat(seats).as("three seats, four verifiers").hasSize(3).doesNotHaveDuplicates();
      assertThat(accounts.keySet()).containsAll(seats);
      List<String> undrawn = new ArrayList<>(accounts.keySet());
      undrawn.removeAll(seats);
      assertThat(undrawn).hasSize(1);
      String idle = undrawn.get(0);
      assertThat(market.isDrawn(id.bytes(), idle).send()).isFalse();

      for (String v : seats) {
        daemons
            .get(v)
            .awaitLog(
                "job " + id.hex() + ": replayed transitions \\[.*\\] — all match; attested",
                Duration.ofSeconds(90));
      }
      daemons
          .get(idle)
          .awaitLog(
              "job " + id.hex() + ": not drawn for one of its verifier seats; idle on this job",
              Duration.ofSeconds(60));
      World.await(
          "three attestations on chain",
          Duration.ofSeconds(30),
          () -> attesters(world, id).size() == 3);
      assertThat(attesters(world, id)).isEqualTo(new HashSet<>(seats));
      BigInteger bond = market.attesterBond(id.bytes()).send();
      Deployment d = devnet.deployment();
      for (String v : seats) {
        var stake = world.deployer.registry(d, devnet.account(0)).stakeOf(v).send();
        assertThat(stake.component2()).as("bond locked while the window runs").isEqualTo(bond);
      }

      world.passChallengeWindow();
      world.awaitStatus(id, JobStatus.FINALIZED, Duration.ofSeconds(60));
      BigInteger fee = VERIFIER_POOL.divide(BigInteger.valueOf(3));
      for (String v : seats) {
        World.await(
            "verifier " + v + " paid a third of the pool",
            Duration.ofSeconds(60),
            () -> world.token(v).equals(usd(500).subtract(VERIFIER_STAKE).add(fee)));
        var stake = world.deployer.registry(d, devnet.account(0)).stakeOf(v).send();
        assertThat(stake.component2()).as("bond released at finalize").isZero();
        assertThat(stake.component1()).as("nothing slashed").isEqualTo(VERIFIER_STAKE);
      }
      assertThat(world.token(idle)).isEqualTo(usd(500).subtract(VERIFIER_STAKE));
      String attestSelector =
          market
              .attest(id.bytes(), List.of(), List.of(), List.of(), List.of())
              .encodeFunctionCall()
              .substring(0, 10);
      assertThat(ChainReads.countCalls(world.reads.txsFrom(idle), attestSelector))
          .as("the undrawn verifier never tried to attest")
          .isZero();
      assertThat(daemons.get(idle).log()).doesNotContain("MISMATCH").doesNotContain("Exception");
    }
  }

  private static Set<String> attesters(World world, Bytes32 id) {
    Set<String> out = new HashSet<>();
    for (Object a : world.job(id).attesters) {
      out.add(a.toString().toLowerCase(java.util.Locale.ROOT));
    }
    return out;
  }
}
