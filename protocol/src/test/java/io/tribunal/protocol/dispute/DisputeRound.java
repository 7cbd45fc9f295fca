package io.tribunal.protocol.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.DisputeGame;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.testing.Devnet;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;

/**
 * One dispute played to the end on anvil between an engine challenger and an engine defender over a
 * freshly committed job (MLP or op graph), with every balance it moves checked to the unit: the
 * challenger's bond and bounty, the user's refund and share, the treasury's rest and the solver's
 * stake (slashed by the collateral) when the solver cheated; the bond to the solver and the
 * collateral unlocked when it did not.
 */
final class DisputeRound {
  private DisputeRound() {}

  /**
   * Commits {@code solverTrace}, lets an engine challenger (its own data) open and play against an
   * engine defender, each making at most the given number of moves, and checks the payouts.
   */
  static DisputeReport play(
      DisputeFixture fx,
      DisputeFixture.JobShape shape,
      TraceSource solverTrace,
      TraceSource challengerTrace,
      ClaimKind claim,
      int challengerAccount,
      long nonce,
      int solverMoves,
      int challengerMoves,
      boolean challengerShouldWin)
      throws Exception {
    Devnet devnet = fx.devnet;
    Credentials challenger = devnet.account(4 + challengerAccount % 6);
    Credentials solver = fx.solver();

    JobMarket market = fx.deployer.market(fx.d, devnet.account(0));
    var token = fx.deployer.token(fx.d, devnet.account(0));
    String treasury = devnet.account(0).getAddress();
    var before = fx.deployer.registry(fx.d, solver).stakeOf(solver.getAddress()).send();
    BigInteger treasuryClaim = market.claimable(treasury).send();
    BigInteger challengerTokens = token.balanceOf(challenger.getAddress()).send();
    BigInteger solverTokens = token.balanceOf(solver.getAddress()).send();
    DisputeFixture.Job job = fx.commit(solverTrace, nonce, shape);

    DisputeChain cChain = fx.challengerChain(challenger);
    ChallengerPlayer c = new ChallengerPlayer(cChain, challengerTrace);
    SolverDefender s =
        new SolverDefender(DisputeChain.of(devnet.chain(), fx.d, solver), solverTrace);
    var cfg = cChain.contract().jobConfig(job.id().bytes()).send();
    ClaimKind kind =
        c.claimAgainst(
                solverTrace.traceTreeRoot(), new io.tribunal.core.commit.Hash32(cfg.finalModelHash))
            .orElse(ClaimKind.TRANSITION);
    assertThat(kind).isEqualTo(claim);
    long id = cChain.open(job.id(), kind);

    DisputeView v =
        DisputeEngineRunner.playOut(devnet, cChain, id, s, c, solverMoves, challengerMoves);
    DisputeReport report = DisputeReport.of(cChain, id);
    System.out.println(
        report.summary()
            + "; solver moves "
            + report.moves(Side.SOLVER)
            + ", challenger moves "
            + report.moves(Side.CHALLENGER));
    assertThat(v.resolved()).isTrue();
    assertThat(v.outcome().challengerWon()).isEqualTo(challengerShouldWin);

    BigInteger bond = cChain.jobBond(job.id());
    DisputeGame game = cChain.contract();
    var after = fx.deployer.registry(fx.d, solver).stakeOf(solver.getAddress()).send();
    if (challengerShouldWin) {
      assertThat(game.credit(challenger.getAddress()).send()).isEqualTo(bond);
      // the only open game: the whole reward C/10 plus a refund per challenger move (open too)
      long moves = report.moves(Side.CHALLENGER);
      CheatPayout rule =
          CheatPayout.expected(
              DisputeFixture.COLLATERAL, 1, moves, DevnetDeployer.DISPUTE_MOVE_REFUND);
      assertThat(CheatPayout.read(market, Bytes32.fromHex(job.id().hex()))).isEqualTo(rule);
      BigInteger bounty = rule.forGame(moves);
      BigInteger userShare =
          DisputeFixture.COLLATERAL.multiply(BigInteger.valueOf(3)).divide(BigInteger.TEN);
      assertThat(market.claimable(challenger.getAddress()).send()).isEqualTo(bounty);
      assertThat(market.claimable(job.request().user()).send())
          .isEqualTo(DisputeFixture.PRICE.add(userShare));
      assertThat(market.claimable(treasury).send().subtract(treasuryClaim))
          .isEqualTo(DisputeFixture.COLLATERAL.subtract(bounty).subtract(userShare));
      assertThat(market.getJob(job.id().bytes()).send().status.intValueExact())
          .isEqualTo(5 + 1); // Cheated
      assertThat(after.component1())
          .isEqualTo(before.component1().subtract(DisputeFixture.COLLATERAL));
      assertThat(after.component2()).isEqualTo(before.component2());
      game.withdraw(challenger.getAddress()).send();
      fx.deployer.market(fx.d, challenger).withdraw(challenger.getAddress()).send();
      assertThat(token.balanceOf(challenger.getAddress()).send())
          .isEqualTo(challengerTokens.add(bounty));
    } else {
      assertThat(game.credit(solver.getAddress()).send()).isEqualTo(bond);
      assertThat(market.getJob(job.id().bytes()).send().status.intValueExact())
          .isEqualTo(3); // Committed
      assertThat(market.getJob(job.id().bytes()).send().openDisputes).isEqualTo(BigInteger.ZERO);
      assertThat(after.component1()).isEqualTo(before.component1());
      assertThat(after.component2()).isEqualTo(before.component2().add(DisputeFixture.COLLATERAL));
      fx.game(solver).withdraw(solver.getAddress()).send();
      assertThat(token.balanceOf(solver.getAddress()).send()).isEqualTo(solverTokens.add(bond));
      assertThat(token.balanceOf(challenger.getAddress()).send())
          .isEqualTo(challengerTokens.subtract(bond));
    }
    assertThat(game.credit(challenger.getAddress()).send()).isZero();
    return report;
  }
}
