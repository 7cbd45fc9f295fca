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
import io.tribunal.protocol.dispute.CheatPayout;
import io.tribunal.protocol.dispute.ClaimKind;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.DisputeReport;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.dispute.Outcome;
import io.tribunal.protocol.dispute.Phase;
import io.tribunal.protocol.dispute.Side;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.Transaction;

/**
 * A cheating solver whose sybil opens three games on its own bad commitment first, hoping the
 * honest challenger sees the job "already disputed" and stays away (the sybil then goes silent).
 * The challenger daemon, started only once those games exist, still finds the cheat, opens its own
 * game (no registration: the sybil did it), plays only that game to the leaf and slashes the
 * solver, who meanwhile defends all four games at once. Balances to the unit, the challenger's
 * transactions exactly approve, open, its moves and two withdrawals.
 */
@ExtendWith(AnvilExtension.class)
class SybilGamesIT {
  private static final int SYBIL_GAMES = 3;

  @TempDir Path dir;

  @Test
  void theChallengerOpensAndWinsItsOwnGameBesideTheSolversSybilGames(Devnet devnet)
      throws Exception {
    try (World world = new World(devnet, dir)) {
      Deployment d = devnet.deployment();
      String gameAddress = d.address("DisputeGame");
      Credentials user = world.account("user", 0, 100);
      Credentials solver = world.account("solver", 10, 1000);
      Credentials sybil = world.account("sybil", 10, 100);
      Credentials challenger = world.account("challenger", 10, 100);
      String treasury = devnet.account(0).getAddress();
      BigInteger treasuryBefore = world.claimable(treasury);
      int port = RpcProxy.freePort();
      DaemonProcess solverProcess =
          world.startSolver(
              "solver",
              world.solverConfig("solver", port, "cheat: {kind: flip-matmul-element, step: 37}\n"),
              Map.of());
      world.startMining(Duration.ofMillis(500));

      World.Submission s = world.sign(user, 81);
      Bytes32 id = world.relay(port, s);
      Hash32 job = new Hash32(id.bytes());
      world.awaitStatus(id, JobStatus.COMMITTED, Duration.ofSeconds(90));

      // the solver's sybil registers the job and opens three games on it, then stays silent
      world.registerWithGame(sybil, s);
      BigInteger bond = world.reads.jobBond(job);
      world
          .deployer
          .token(d, sybil)
          .approve(gameAddress, bond.multiply(BigInteger.valueOf(SYBIL_GAMES)))
          .send();
      DisputeChain sybilGames = DisputeChain.of(devnet.chain(), d, sybil);
      List<Long> sybilIds = new ArrayList<>();
      for (int i = 0; i < SYBIL_GAMES; i++) {
        sybilIds.add(sybilGames.open(job, ClaimKind.TRANSITION));
      }

      // only now does the challenger start: the job already has three open games
      DaemonProcess challengerProcess =
          world.startChallenger(
              "challenger", world.challengerConfig("challenger", "replay: all\n"), Map.of());
      long gameId =
          Long.parseLong(
              challengerProcess
                  .awaitLog("opened game (\\d+) \\(TRANSITION claim\\)", Duration.ofSeconds(90))
                  .group(1));
      assertThat(sybilIds).doesNotContain(gameId);
      challengerProcess.awaitLog("game " + gameId + ": WON", Duration.ofSeconds(120));

      DisputeChain games = DisputeChain.readOnly(devnet.chain(), d);
      DisputeReport report = DisputeReport.of(games, gameId);
      assertThat(report.view().challenger()).isEqualToIgnoringCase(challenger.getAddress());
      assertThat(report.view().outcome()).isEqualTo(Outcome.LEAF_MISMATCH);
      assertThat(report.pinpoint().step()).hasValue(37);
      assertThat(games.gamesOf(job)).containsExactlyElementsOf(withLast(sybilIds, gameId));
      assertThat(world.status(id)).isEqualTo(JobStatus.CHEATED);
      // the solver defended the sybil games too (revealTrace in each) while it lost the real one
      for (long g : sybilIds) {
        DisputeView v = games.view(g);
        assertThat(v.challenger()).isEqualToIgnoringCase(sybil.getAddress());
        assertThat(v.phase()).as("game %d", g).isEqualTo(Phase.PICK);
        assertThat(DisputeReport.of(games, g).moves(Side.SOLVER)).isEqualTo(1);
      }
      assertThat(challengerProcess.log()).doesNotContain("not playing");

      // the slash: the reward C/10 shared by the four games open at the proof (the sybil's three
      // and the challenger's), each refunded its challenger moves (the sybil's: its opens), bond
      // back; price + 3C/10 to the user, the rest of C to the treasury, the solver's stake down by
      // C
      long challengerMoves = DisputeReport.of(games, gameId).moves(Side.CHALLENGER);
      long totalMoves = challengerMoves + SYBIL_GAMES;
      CheatPayout rule =
          CheatPayout.expected(
              COLLATERAL, SYBIL_GAMES + 1, totalMoves, DevnetDeployer.DISPUTE_MOVE_REFUND);
      assertThat(CheatPayout.read(world.deployer.market(d, devnet.account(0)), id)).isEqualTo(rule);
      BigInteger bounty = rule.forGame(challengerMoves);
      BigInteger userShare = COLLATERAL.multiply(BigInteger.valueOf(3)).divide(BigInteger.TEN);
      assertThat(world.token(challenger.getAddress())).isEqualTo(usd(100).add(bounty));
      assertThat(world.claimable(challenger.getAddress())).isZero();
      assertThat(world.claimable(user.getAddress())).isEqualTo(PRICE.add(userShare));
      assertThat(world.claimable(treasury).subtract(treasuryBefore))
          .isEqualTo(
              COLLATERAL
                  .subtract(userShare)
                  .subtract(rule.share().multiply(BigInteger.valueOf(SYBIL_GAMES + 1)))
                  .subtract(rule.refundPerMove().multiply(BigInteger.valueOf(totalMoves))));
      var stake = world.deployer.registry(d, devnet.account(0)).stakeOf(solver.getAddress()).send();
      assertThat(stake.component1()).isEqualTo(SOLVER_STAKE.subtract(COLLATERAL));
      assertThat(world.token(solver.getAddress())).isEqualTo(usd(1000).subtract(SOLVER_STAKE));
      // the sybil's bonds stay in the game until someone closes its games on the slashed job
      assertThat(world.token(gameAddress))
          .isEqualTo(bond.multiply(BigInteger.valueOf(SYBIL_GAMES)));
      for (long g : sybilIds) {
        sybilGames.contract().closeSettled(BigInteger.valueOf(g)).send();
        assertThat(games.view(g).outcome()).isEqualTo(Outcome.JOB_ALREADY_SETTLED);
      }
      sybilGames.contract().withdraw(sybil.getAddress()).send();
      world.deployer.market(d, sybil).withdraw(sybil.getAddress()).send();
      // the solver's sybil got its bonds back and the three shares of its open games: what a
      // cheating solver recovers through its own challengers is bounded by the reward and refunds
      assertThat(world.token(sybil.getAddress()))
          .isEqualTo(usd(100).add(rule.forGame(1).multiply(BigInteger.valueOf(SYBIL_GAMES))));
      assertThat(world.token(gameAddress)).isZero();

      // the challenger: approve, open (the sybil registered the job), its moves, two withdrawals
      List<Transaction> cTxs = world.assertNoDuplicateTransactions(challenger.getAddress());
      long cMoves = report.moves(Side.CHALLENGER) - 1; // minus open
      assertThat(cTxs).hasSize((int) (2 + cMoves + 2));
      List<Transaction> sTxs = world.assertNoDuplicateTransactions(solver.getAddress());
      long solverGameTxs =
          sTxs.stream().filter(t -> t.getTo().equalsIgnoreCase(gameAddress)).count();
      assertThat(solverGameTxs).isEqualTo(report.moves(Side.SOLVER) + SYBIL_GAMES);
      System.out.println(
          report.summary()
              + "; solver moves "
              + report.moves(Side.SOLVER)
              + " (+"
              + SYBIL_GAMES
              + " revealTrace in the sybil games), challenger moves "
              + cMoves
              + "; solver log: "
              + solverProcess.count("moves mined in")
              + " concurrent batches");
    }
  }

  private static List<Long> withLast(List<Long> first, long last) {
    List<Long> all = new ArrayList<>(first);
    all.add(last);
    return all;
  }
}
