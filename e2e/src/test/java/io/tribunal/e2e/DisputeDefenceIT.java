package io.tribunal.e2e;

import static io.tribunal.e2e.World.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.core.commit.Hash32;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.node.testing.FaultHooks;
import io.tribunal.protocol.dispute.ClaimKind;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.JobRegistration;
import io.tribunal.protocol.dispute.Outcome;
import io.tribunal.protocol.dispute.Phase;
import io.tribunal.protocol.job.JobHashes;
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

/**
 * The solver daemon defends with the dispute engine: a frivolous challenger opens a game against an
 * honest commitment and then goes silent. The daemon answers (reveals its trace; it is killed with
 * that move journaled but not broadcast, and the restart broadcasts the same transaction), waits
 * out the challenger's chess clock, ends the game with {@code resolveTimeout}, finalizes once the
 * window passes and withdraws both its pay and the challenger's bond.
 */
@ExtendWith(AnvilExtension.class)
class DisputeDefenceIT {
  @TempDir Path dir;

  @Test
  void anHonestSolverDaemonKilledMidDisputeWinsTheBondOfAChallengerThatGoesSilent(Devnet devnet)
      throws Exception {
    try (World world = new World(devnet, dir)) {
      Credentials user = world.account("user", 0, 100);
      Credentials solver = world.account("solver", 10, 1000);
      Credentials challenger = world.account("challenger", 10, 100);
      int port = RpcProxy.freePort();
      Path solverYaml = world.solverConfig("solver", port, "");
      DaemonProcess solverProcess =
          world.startSolver(
              "solver", solverYaml, Map.of(FaultHooks.PAUSE_AFTER_JOURNAL, "dispute-move:"));
      world.startMining(Duration.ofMillis(500));

      World.Submission s = world.sign(user, 51);
      Bytes32 id = world.relay(port, s);
      world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(90));

      Deployment d = devnet.deployment();
      DisputeChain game = DisputeChain.of(devnet.chain(), d, challenger);
      register(game.contract(), s.built().request(), s.built().hyperParams());
      BigInteger bond = game.jobBond(new Hash32(id.bytes()));
      world.deployer.token(d, challenger).approve(d.address("DisputeGame"), bond).send();
      long gameId = game.open(new Hash32(id.bytes()), ClaimKind.TRANSITION);

      // kill -9 with the solver's first move (revealTrace) journaled but not broadcast: the
      // restarted daemon broadcasts the same signed transaction and plays on
      solverProcess.awaitLog(
          "TEST HOOK: paused after journaling dispute-move:" + gameId + ":1:revealTrace",
          Duration.ofSeconds(60));
      solverProcess.kill9();
      solverProcess = world.startSolver("solver", solverYaml, Map.of());
      solverProcess.awaitLog("resuming journaled tx", Duration.ofSeconds(30));
      World.await(
          "the revealed trace",
          Duration.ofSeconds(60),
          () -> game.view(gameId).phase() != Phase.AWAIT_TRACE);
      AnvilRpc.advanceTime(devnet.chain(), world.deployer.settings().disputeClock() + 1);
      World.await(
          "the solver's resolveTimeout",
          Duration.ofSeconds(60),
          () -> game.view(gameId).resolved());
      assertThat(game.view(gameId).outcome()).isEqualTo(Outcome.CHALLENGER_TIMED_OUT);

      world.passChallengeWindow();
      World.await(
          "the solver's pay and the bond",
          Duration.ofSeconds(60),
          () ->
              world.token(solver.getAddress()).equals(World.solverWalletAfterUnattestedJob(bond)));
      assertThat(world.status(id)).isEqualTo(JobStatus.FINALIZED);
      assertThat(world.token(challenger.getAddress())).isEqualTo(usd(100).subtract(bond));
      assertThat(world.token(d.address("DisputeGame"))).isZero();
      // nobody attested: the verifier pool is the user's again, held until it withdraws
      assertThat(world.claimable(user.getAddress())).isEqualTo(World.VERIFIER_POOL);
      assertThat(world.token(d.address("JobMarket"))).isEqualTo(World.VERIFIER_POOL);
      // revealTrace, resolveTimeout and the bond's withdrawal: each once
      assertThat(
              world.assertNoDuplicateTransactions(solver.getAddress()).stream()
                  .filter(t -> t.getTo().equalsIgnoreCase(d.address("DisputeGame")))
                  .count())
          .isEqualTo(3);
    }
  }

  private static void register(DisputeGame g, JobRequest r, JobHashes.HyperParams hp)
      throws Exception {
    JobRegistration.call(g, r, hp, List.of(784, 16, 10)).send();
  }
}
