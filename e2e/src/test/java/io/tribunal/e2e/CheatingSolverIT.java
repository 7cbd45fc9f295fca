package io.tribunal.e2e;

import static io.tribunal.e2e.World.COLLATERAL;
import static io.tribunal.e2e.World.PRICE;
import static io.tribunal.e2e.World.SOLVER_STAKE;
import static io.tribunal.e2e.World.usd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.core.commit.Hash32;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.node.testing.FaultHooks;
import io.tribunal.protocol.dispute.CheatPayout;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.DisputeReport;
import io.tribunal.protocol.dispute.Outcome;
import io.tribunal.protocol.dispute.Pinpoint;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.Transaction;

/**
 * The challenger bot against a cheating solver, both daemons as their own JVMs: the solver
 * (configured to flip one element of the first matmul at step 37 of 64) commits a bad trace; the
 * challenger replays every interval from the solver's checkpoints, finds the mismatch, recomputes
 * the job, opens a TRANSITION game and plays it to the leaf. Mid-game the challenger is killed with
 * its first move journaled but not broadcast, and later the solver is killed between moves; both
 * restart and continue the same game. Then their node (reached through a TCP proxy) goes away for 8
 * s in the middle of the game while the chain keeps mining and the chess clocks keep running; both
 * daemons retry and play on. The chain pinpoints the exact step, op and element, slashes the
 * solver, and the challenger withdraws its bounty and bond, every balance to the unit, every
 * transaction sent once.
 */
@ExtendWith(AnvilExtension.class)
class CheatingSolverIT {
  private static final long CHEAT_STEP = 37;

  @TempDir Path dir;

  @Test
  void aChallengerDaemonSlashesACheatAtTheExactElementAcrossKill9OfBothSidesAndANodeOutage(
      Devnet devnet) throws Exception {
    try (RpcProxy proxy = new RpcProxy(devnet.anvil().rpcUrl());
        World world = new World(devnet, dir, proxy.url())) {
      Credentials user = world.account("user", 0, 100);
      Credentials solver = world.account("solver", 10, 1000);
      Credentials challenger = world.account("challenger", 10, 100);
      Deployment d = devnet.deployment();
      String treasury = devnet.account(0).getAddress();
      BigInteger treasuryBefore = world.claimable(treasury);
      int port = RpcProxy.freePort();
      Path solverYaml =
          world.solverConfig(
              "solver", port, "cheat: {kind: flip-matmul-element, step: " + CHEAT_STEP + "}\n");
      DaemonProcess solverProcess = world.startSolver("solver", solverYaml, Map.of());
      Path challengerYaml = world.challengerConfig("challenger", "replay: all\n");
      DaemonProcess challengerProcess =
          world.startChallenger(
              "challenger",
              challengerYaml,
              Map.of(FaultHooks.PAUSE_AFTER_JOURNAL, "dispute-move:"));
      DocumentedMetrics.assertAtStart("challenger", challengerProcess);
      world.startMining(Duration.ofMillis(500));

      Bytes32 id = world.relay(port, world.sign(user, 61));
      Matcher cheat =
          solverProcess.awaitLog(
              "FlippedOutput\\[step=(\\d+), op=(\\d+), row=(\\d+), col=(\\d+)]",
              Duration.ofSeconds(90));
      long gameId =
          Long.parseLong(
              challengerProcess
                  .awaitLog("opened game (\\d+) \\(TRANSITION claim\\)", Duration.ofSeconds(90))
                  .group(1));

      // kill -9 with the challenger's first move signed and journaled but not broadcast
      challengerProcess.awaitLog(
          "TEST HOOK: paused after journaling dispute-move:" + gameId, Duration.ofSeconds(60));
      challengerProcess.kill9();
      challengerProcess = world.startChallenger("challenger", challengerYaml, Map.of());
      challengerProcess.awaitLog("resuming journaled tx", Duration.ofSeconds(30));

      // kill -9 the solver between moves, later in the same game
      solverProcess.awaitLog("game " + gameId + ": played postInterval", Duration.ofSeconds(60));
      solverProcess.kill9();
      solverProcess = world.startSolver("solver", solverYaml, Map.of());

      // the node goes away for 8 s right after the restarted solver's first move; blocks keep
      // coming (the test mines directly on anvil) and the clocks keep running
      solverProcess.awaitLog("game " + gameId + ": played ", Duration.ofSeconds(60));
      proxy.cut();
      long cutAt = System.nanoTime();
      World.await("8 s of outage", Duration.ofSeconds(13), () -> System.nanoTime() - cutAt > 8e9);
      proxy.restore();

      challengerProcess.awaitLog("game " + gameId + ": WON", Duration.ofSeconds(120));
      assertThat(solverProcess.log() + challengerProcess.log()).contains("retrying");
      DisputeChain games = DisputeChain.readOnly(devnet.chain(), d);
      DisputeReport report = DisputeReport.of(games, gameId);
      assertThat(report.view().outcome()).isEqualTo(Outcome.LEAF_MISMATCH);
      assertThat(Long.parseLong(cheat.group(1))).isEqualTo(CHEAT_STEP);
      assertThat(report.pinpoint())
          .isEqualTo(
              new Pinpoint(
                  false,
                  OptionalLong.of(CHEAT_STEP),
                  OptionalInt.of(Integer.parseInt(cheat.group(2))),
                  OptionalInt.of(Integer.parseInt(cheat.group(3))),
                  OptionalInt.of(Integer.parseInt(cheat.group(4)))));
      assertThat(games.gamesOf(new Hash32(id.bytes()))).containsExactly(gameId);
      assertThat(world.status(id)).isEqualTo(JobStatus.CHEATED);

      // balances to the unit: the only open game gets the whole reward C/10 plus a refund per
      // challenger move (open included), bond back; price + 3C/10 to the user, the rest of C to
      // the treasury, the solver's stake down by C
      long challengerMoves = report.moves(io.tribunal.protocol.dispute.Side.CHALLENGER);
      CheatPayout rule =
          CheatPayout.expected(COLLATERAL, 1, challengerMoves, DevnetDeployer.DISPUTE_MOVE_REFUND);
      assertThat(CheatPayout.read(world.deployer.market(d, devnet.account(0)), id)).isEqualTo(rule);
      BigInteger bounty = rule.forGame(challengerMoves);
      BigInteger userShare = COLLATERAL.multiply(BigInteger.valueOf(3)).divide(BigInteger.TEN);
      assertThat(world.token(challenger.getAddress())).isEqualTo(usd(100).add(bounty));
      assertThat(world.claimable(challenger.getAddress())).isZero();
      assertThat(world.claimable(user.getAddress())).isEqualTo(PRICE.add(userShare));
      assertThat(world.claimable(treasury).subtract(treasuryBefore))
          .isEqualTo(COLLATERAL.subtract(bounty).subtract(userShare));
      var stake = world.deployer.registry(d, devnet.account(0)).stakeOf(solver.getAddress()).send();
      assertThat(stake.component1()).isEqualTo(SOLVER_STAKE.subtract(COLLATERAL));
      assertThat(stake.component2()).isZero();
      assertThat(world.token(solver.getAddress())).isEqualTo(usd(1000).subtract(SOLVER_STAKE));
      assertThat(world.token(d.address("DisputeGame"))).isZero();
      assertThat(world.token(d.address("StakeRegistry")))
          .isEqualTo(SOLVER_STAKE.subtract(COLLATERAL));
      assertThat(world.token(d.address("JobMarket")))
          .isEqualTo(world.claimable(user.getAddress()).add(world.claimable(treasury)));

      // every transaction once: the challenger's are approve, register, open, its moves, and
      // two withdrawals; the solver's game transactions are exactly its moves
      String game = d.address("DisputeGame");
      List<Transaction> cTxs = world.assertNoDuplicateTransactions(challenger.getAddress());
      long cMoves = report.moves(io.tribunal.protocol.dispute.Side.CHALLENGER) - 1; // minus open
      assertThat(cTxs).hasSize((int) (3 + cMoves + 2));
      List<Transaction> sTxs = world.assertNoDuplicateTransactions(solver.getAddress());
      assertThat(sTxs.stream().filter(t -> t.getTo().equalsIgnoreCase(game)).count())
          .isEqualTo(report.moves(io.tribunal.protocol.dispute.Side.SOLVER));
      System.out.println(
          report.summary()
              + "; solver moves "
              + report.moves(io.tribunal.protocol.dispute.Side.SOLVER)
              + ", challenger moves "
              + cMoves);
    }
  }
}
