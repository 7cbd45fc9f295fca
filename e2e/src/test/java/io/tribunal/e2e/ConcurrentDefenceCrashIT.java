package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.core.commit.Hash32;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.node.testing.FaultHooks;
import io.tribunal.protocol.dispute.ClaimKind;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.Outcome;
import io.tribunal.protocol.dispute.Phase;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.Transaction;

/**
 * The solver daemon defends the games of one job concurrently and is killed with {@code kill -9}
 * mid-batch: its first move signed and journaled but not broadcast (holding the account's nonce
 * lock, so the moves of the other games wait behind it). The restart re-broadcasts the journaled
 * move (same hash), answers the other five games, and wins all six when the silent challenger's
 * clocks run out; no transaction is signed twice, and pay plus six bonds are withdrawn to the unit.
 */
@ExtendWith(AnvilExtension.class)
class ConcurrentDefenceCrashIT {
  private static final int GAMES = 6;

  @TempDir Path dir;

  @Test
  void aSolverKilledWithManyMovesInFlightAnswersEveryGameOnceAfterRestart(Devnet devnet)
      throws Exception {
    try (World world = new World(devnet, dir)) {
      Deployment d = devnet.deployment();
      Credentials user = world.account("user", 0, 100);
      Credentials solver = world.account("solver", 10, 1000);
      Credentials griefer = world.account("griefer", 10, 100);
      int port = RpcProxy.freePort();
      Path solverYaml = world.solverConfig("solver", port, "");
      DaemonProcess solverProcess =
          world.startSolver(
              "solver", solverYaml, Map.of(FaultHooks.PAUSE_AFTER_JOURNAL, "dispute-move:"));
      world.startMining(Duration.ofMillis(500));
      World.Submission s = world.sign(user, 81);
      Bytes32 id = world.relay(port, s);
      Hash32 job = new Hash32(id.bytes());
      world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(90));

      // six frivolous games, then the daemon's first move batch: killed mid-batch
      world.registerWithGame(griefer, s);
      BigInteger bond = world.reads.jobBond(job);
      world
          .deployer
          .token(d, griefer)
          .approve(d.address("DisputeGame"), bond.multiply(BigInteger.valueOf(GAMES)))
          .send();
      DisputeChain asGriefer = DisputeChain.of(devnet.chain(), d, griefer);
      for (int i = 0; i < GAMES; i++) {
        asGriefer
            .contract()
            .open(job.bytes(), BigInteger.valueOf(ClaimKind.TRANSITION.ordinal()))
            .send();
      }
      List<Long> all = asGriefer.gamesOf(job);
      assertThat(all).hasSize(GAMES);
      solverProcess.awaitLog(
          "TEST HOOK: paused after journaling dispute-move:", Duration.ofSeconds(60));
      solverProcess.kill9();
      solverProcess = world.startSolver("solver", solverYaml, Map.of());
      solverProcess.awaitLog("resuming journaled tx", Duration.ofSeconds(30));

      DisputeChain chain = DisputeChain.readOnly(devnet.chain(), d);
      World.await(
          "the solver's answer in every game",
          Duration.ofSeconds(60),
          () -> all.stream().allMatch(g -> chain.view(g).phase() != Phase.AWAIT_TRACE));

      // the griefer stays silent: its clocks run out and the daemon claims every game
      AnvilRpc.advanceTime(devnet.chain(), world.deployer.settings().disputeClock() + 1);
      World.await(
          "every game resolved",
          Duration.ofSeconds(60),
          () -> all.stream().allMatch(g -> chain.view(g).resolved()));
      for (long g : all) {
        assertThat(chain.view(g).outcome())
            .as("game %d", g)
            .isEqualTo(Outcome.CHALLENGER_TIMED_OUT);
      }

      world.passChallengeWindow();
      BigInteger bonds = bond.multiply(BigInteger.valueOf(GAMES));
      World.await(
          "the solver's pay and six bonds",
          Duration.ofSeconds(60),
          () ->
              world.token(solver.getAddress()).equals(World.solverWalletAfterUnattestedJob(bonds)));
      assertThat(world.status(id)).isEqualTo(JobStatus.FINALIZED);

      // one revealTrace and one resolveTimeout per game, nothing signed twice
      List<Transaction> txs = world.assertNoDuplicateTransactions(solver.getAddress());
      long toGame =
          txs.stream().filter(t -> t.getTo().equalsIgnoreCase(d.address("DisputeGame"))).count();
      assertThat(toGame).isEqualTo(2L * GAMES + 1); // + the bonds' withdrawal
    }
  }
}
