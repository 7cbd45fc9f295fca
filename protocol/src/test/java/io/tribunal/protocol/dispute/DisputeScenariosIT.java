package io.tribunal.protocol.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.tensor.Tensor;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.dispute.cheat.Cheat;
import io.tribunal.protocol.dispute.cheat.CheatingTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * The dispute engine against the real DisputeGame + JobMarket on anvil, with real MNIST training
 * (mlp:784-16-10, batch 8, 48 steps, K = 8): an honest challenger against every cheat ends with the
 * solver slashed at the exact step, op and element; a frivolous challenger loses its bond; a side
 * that goes silent loses by timeout. Balances are checked to the unit.
 */
@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DisputeScenariosIT {
  private static final long STEPS = 48;
  private static final long K = 8;

  @TempDir static Path honestDir;
  private DisputeFixture fx;
  private LocalTrace honest;
  private long nonce;

  @BeforeAll
  void trainHonestly(Devnet devnet) throws Exception {
    fx = new DisputeFixture(devnet, "mlp:784-16-10", 8, STEPS, K);
    honest = fx.honest(honestDir);
    fx.stakeSolver();
  }

  @Test
  void wrongInitialWeightsArePinpointedAtTheInitialParameterElement() throws Exception {
    DisputeReport r = slashed(new Cheat.WrongInitialWeight(2, 3, 5), ClaimKind.TRANSITION, 4);
    assertPinpoint(r, true, 0, 2, 3, 5);
    assertThat(r.view().outcome()).isEqualTo(Outcome.LEAF_MISMATCH);
  }

  @Test
  void aFlippedMatmulElementIsPinpointedAtItsStepOpAndElement() throws Exception {
    // an element of Z1 = X W1^T whose pre-activation is positive, so the flip reaches h_22
    int[] rc = firstPositive(honest.opOutputs(21).get(3));
    Cheat cheat = new Cheat.FlippedOutput(21, 2, rc[0], rc[1]);
    DisputeReport r = slashed(cheat, ClaimKind.TRANSITION, 5);
    assertPinpoint(r, false, 21, 2, rc[0], rc[1]);
    assertThat(r.view().outcome()).isEqualTo(Outcome.LEAF_MISMATCH);
    // the op's name comes from the program rebuilt from the registered widths
    DisputeChain reader = DisputeChain.readOnly(fx.devnet.chain(), fx.d);
    assertThat(OpNames.describe(r.pinpoint(), OpNames.of(reader, r.view().jobId())))
        .isEqualTo("mat_mul");
  }

  @Test
  void aSkippedSgdUpdateIsPinpointedAtTheFirstUnchangedWeight() throws Exception {
    Tensor before = honest.parameters(30).get(0);
    Tensor after = honest.opOutputs(30).get(19);
    int[] rc = firstDifference(before, after);
    DisputeReport r = slashed(new Cheat.SkippedUpdate(30), ClaimKind.TRANSITION, 6);
    assertPinpoint(r, false, 30, 19, rc[0], rc[1]);
  }

  @Test
  void aWrongLearningRateIsPinpointedAtTheFirstDifferentUpdate() throws Exception {
    Cheat cheat = new Cheat.WrongLearningRate(13, 2);
    LocalTrace solver =
        CheatingTrainer.train(fx.config, DisputeFixture.mnist().train(), cheat, fx.parallel);
    int op = firstDifferentOp(solver, 13);
    int[] rc = firstDifference(honest.opOutputs(13).get(op), solver.opOutputs(13).get(op));
    DisputeReport r = slashed(solver, ClaimKind.TRANSITION, 7);
    assertThat(op).isEqualTo(19); // W1' = sgd_update(W1, dW1)
    assertPinpoint(r, false, 13, op, rc[0], rc[1]);
  }

  @Test
  void wrongBatchIndicesArePinpointedAtTheGatheredSample() throws Exception {
    Cheat cheat = new Cheat.WrongBatch(37);
    LocalTrace solver =
        CheatingTrainer.train(fx.config, DisputeFixture.mnist().train(), cheat, fx.parallel);
    int[] rc = firstDifference(honest.opOutputs(37).get(0), solver.opOutputs(37).get(0));
    DisputeReport r = slashed(solver, ClaimKind.TRANSITION, 8);
    assertPinpoint(r, false, 37, 0, rc[0], rc[1]); // op 0: X = gather(data.x)
  }

  @Test
  void aFinalModelHashThatIsNotTheLastStateCannotBeProvenAndTimesOut() throws Exception {
    DisputeReport r = slashed(new Cheat.WrongFinalModel(), ClaimKind.MODEL, 9);
    assertThat(r.view().outcome()).isEqualTo(Outcome.SOLVER_TIMED_OUT);
    assertThat(r.pinpoint().step()).isEmpty();
  }

  @Test
  void traceLeavesThatDoNotChainLeaveTheSolverUnableToRevealTheStep() throws Exception {
    // leaf 3 (step 24) commits h_24 under step 25: the last step of interval [16, 24] is stuck
    DisputeReport r = slashed(new Cheat.NonChainingLeaf(3), ClaimKind.TRANSITION, 10);
    assertThat(r.view().outcome()).isEqualTo(Outcome.SOLVER_TIMED_OUT);
    assertThat(r.pinpoint().step()).hasValue(23);
    assertThat(r.pinpoint().tensor()).isEmpty();
  }

  @Test
  void aFrivolousChallengerLosesItsBondToTheHonestSolver() throws Exception {
    LocalTrace wrong =
        CheatingTrainer.train(
            fx.config,
            DisputeFixture.mnist().train(),
            new Cheat.FlippedOutput(21, 5, 1, 2),
            fx.parallel);
    DisputeReport r = solverWins(wrong, 11, Integer.MAX_VALUE);
    assertThat(r.view().outcome()).isEqualTo(Outcome.LEAF_MATCH);
    assertPinpoint(r, false, 21, 5, 1, 2);
  }

  @Test
  void aChallengerThatGoesSilentLosesByTimeout() throws Exception {
    LocalTrace wrong =
        CheatingTrainer.train(
            fx.config,
            DisputeFixture.mnist().train(),
            new Cheat.FlippedOutput(21, 5, 1, 2),
            fx.parallel);
    DisputeReport r = solverWins(wrong, 12, 2);
    assertThat(r.view().outcome()).isEqualTo(Outcome.CHALLENGER_TIMED_OUT);
  }

  @Test
  void aSolverThatGoesSilentMidGameLosesByTimeout() throws Exception {
    LocalTrace solver =
        CheatingTrainer.train(
            fx.config,
            DisputeFixture.mnist().train(),
            new Cheat.FlippedOutput(21, 5, 1, 2),
            fx.parallel);
    DisputeReport r = play(solver, ClaimKind.TRANSITION, 13, 3, Integer.MAX_VALUE, true);
    assertThat(r.view().outcome()).isEqualTo(Outcome.SOLVER_TIMED_OUT);
  }

  @Test
  void disputeShowReportsTheGameItsMovesAndWhoMustMoveByWhen(@TempDir Path tmp) throws Exception {
    LocalTrace cheat =
        CheatingTrainer.train(
            fx.config,
            DisputeFixture.mnist().train(),
            new Cheat.FlippedOutput(21, 2, 1, 2),
            fx.parallel);
    Credentials challenger = fx.devnet.account(9);
    DisputeFixture.Job job = fx.commit(cheat, ++nonce + 90_000L);
    DisputeChain cChain = fx.challengerChain(challenger);
    ChallengerPlayer c = new ChallengerPlayer(cChain, honest);
    SolverDefender s =
        new SolverDefender(DisputeChain.of(fx.devnet.chain(), fx.d, fx.solver()), cheat);
    long id = cChain.open(job.id(), ClaimKind.TRANSITION);
    // two moves each, then look at the game mid-flight
    for (int i = 0; i < 2; i++) {
      assertThat(s.act(id)).isPresent();
      assertThat(c.act(id)).isPresent();
    }
    DisputeView mid = cChain.view(id);
    Path deployment = tmp.resolve("deployment.json");
    fx.d.write(deployment);

    java.io.StringWriter json = new java.io.StringWriter();
    picocli.CommandLine show =
        new picocli.CommandLine(new io.tribunal.protocol.dispute.cli.DisputeCommand());
    show.setOut(new java.io.PrintWriter(json));
    int exit =
        show.execute("show", job.id().hex(), "--deployment", deployment.toString(), "--json");

    assertThat(exit).isZero();
    var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toString());
    assertThat(doc.get("jobId").asText()).isEqualTo(job.id().hex());
    assertThat(doc.get("games")).hasSize(1);
    var g = doc.get("games").get(0);
    assertThat(g.get("gameId").asLong()).isEqualTo(id);
    assertThat(g.get("phase").asText()).isEqualTo(mid.phase().name());
    assertThat(g.get("turn").asText()).isEqualTo(Side.SOLVER.name());
    assertThat(g.get("deadline").asLong()).isEqualTo(mid.deadline()).isPositive();
    assertThat(g.get("moves").size()).as("open + 4 moves").isGreaterThanOrEqualTo(5);

    java.io.StringWriter text = new java.io.StringWriter();
    show.setOut(new java.io.PrintWriter(text));
    assertThat(show.execute("show", job.id().hex(), "--deployment", deployment.toString()))
        .isZero();
    assertThat(text.toString()).contains("1 game(s)").contains("deadline").contains("clocks");

    // dispute list: every game on the chain (the other scenarios' too), this one still running
    java.io.StringWriter listJson = new java.io.StringWriter();
    show.setOut(new java.io.PrintWriter(listJson));
    assertThat(show.execute("list", "--deployment", deployment.toString(), "--json")).isZero();
    var list = new com.fasterxml.jackson.databind.ObjectMapper().readTree(listJson.toString());
    long count = cChain.gameCount();
    assertThat(list.get("gameCount").asLong()).isEqualTo(count).isGreaterThanOrEqualTo(id);
    assertThat(list.get("games")).hasSize((int) count);
    var listed = list.get("games").get((int) id - 1);
    assertThat(listed.get("gameId").asLong()).isEqualTo(id);
    assertThat(listed.get("jobId").asText()).isEqualTo(job.id().hex());
    assertThat(listed.get("challenger").asText()).isEqualToIgnoringCase(challenger.getAddress());
    assertThat(listed.get("kind").asText()).isEqualTo("TRANSITION");
    assertThat(listed.get("phase").asText()).isEqualTo(mid.phase().name());
    assertThat(listed.get("turn").asText()).isEqualTo("SOLVER");
    assertThat(listed.get("deadline").asLong()).isEqualTo(mid.deadline());
    assertThat(listed.get("outcome").asText()).isEqualTo("NONE");
    java.io.StringWriter listText = new java.io.StringWriter();
    show.setOut(new java.io.PrintWriter(listText));
    assertThat(show.execute("list", "--open", "--deployment", deployment.toString())).isZero();
    assertThat(listText.toString())
        .contains(count + " game(s) on the chain")
        .contains("GAME  JOB")
        .containsPattern(
            "(?m)^"
                + id
                + " +"
                + job.id().hex()
                + " +(?i:"
                + challenger.getAddress()
                + ") +TRANSITION +"
                + mid.phase().name()
                + " +SOLVER +\\S+ +NONE$");

    // finish the game so the solver's collateral is settled for the other scenarios
    DisputeView end =
        DisputeEngineRunner.playOut(
            fx.devnet, cChain, id, s, c, Integer.MAX_VALUE, Integer.MAX_VALUE);
    assertThat(end.outcome().challengerWon()).isTrue();
    // leave the shared challenger account as we found it: the other scenarios assert exact credits
    cChain.contract().withdraw(challenger.getAddress()).send();
    fx.deployer.market(fx.d, challenger).withdraw(challenger.getAddress()).send();
    assertThat(cChain.contract().credit(challenger.getAddress()).send()).isZero();
    assertThat(fx.deployer.market(fx.d, challenger).claimable(challenger.getAddress()).send())
        .isZero();
  }

  // ------------------------------------------------------------------------------ plumbing

  private DisputeReport slashed(Cheat cheat, ClaimKind expectedClaim, int challengerAccount)
      throws Exception {
    return slashed(
        CheatingTrainer.train(fx.config, DisputeFixture.mnist().train(), cheat, fx.parallel),
        expectedClaim,
        challengerAccount);
  }

  private DisputeReport slashed(LocalTrace solver, ClaimKind expectedClaim, int challengerAccount)
      throws Exception {
    return play(
        solver, expectedClaim, challengerAccount, Integer.MAX_VALUE, Integer.MAX_VALUE, true);
  }

  /**
   * Commits {@code solverTrace}, lets an engine challenger (honest data) open and play against an
   * engine defender, each making at most the given number of moves, and checks the payouts.
   */
  private DisputeReport play(
      TraceSource solverTrace,
      ClaimKind expectedClaim,
      int challengerAccount,
      int solverMoves,
      int challengerMoves,
      boolean challengerShouldWin)
      throws Exception {
    return run(
        solverTrace,
        honest,
        expectedClaim,
        challengerAccount,
        solverMoves,
        challengerMoves,
        challengerShouldWin);
  }

  private DisputeReport solverWins(
      LocalTrace challengerTrace, int challengerAccount, int challengerMoves) throws Exception {
    return run(
        honest,
        challengerTrace,
        ClaimKind.TRANSITION,
        challengerAccount,
        Integer.MAX_VALUE,
        challengerMoves,
        false);
  }

  private DisputeReport run(
      TraceSource solverTrace,
      TraceSource challengerTrace,
      ClaimKind claim,
      int challengerAccount,
      int solverMoves,
      int challengerMoves,
      boolean challengerShouldWin)
      throws Exception {
    return DisputeRound.play(
        fx,
        fx.new MlpShape(),
        solverTrace,
        challengerTrace,
        claim,
        challengerAccount,
        ++nonce + 1000L * challengerAccount,
        solverMoves,
        challengerMoves,
        challengerShouldWin);
  }

  private static io.tribunal.core.commit.Hash32 solverTraceTreeRoot(TraceSource t) {
    return t.traceTreeRoot();
  }

  private int firstDifferentOp(TraceSource solver, long step) {
    List<Tensor> h = honest.opOutputs(step);
    List<Tensor> s = solver.opOutputs(step);
    for (int k = 0; k < h.size(); k++) {
      if (!h.get(k).equals(s.get(k))) {
        return k;
      }
    }
    throw new AssertionError("no op differs at step " + step);
  }

  private static int[] firstPositive(Tensor t) {
    for (int r = 0; r < t.rows(); r++) {
      for (int c = 0; c < t.cols(); c++) {
        if (t.get(r, c) > 0) {
          return new int[] {r, c};
        }
      }
    }
    throw new AssertionError("no positive element");
  }

  private static int[] firstDifference(Tensor a, Tensor b) {
    for (int r = 0; r < a.rows(); r++) {
      for (int c = 0; c < a.cols(); c++) {
        if (a.get(r, c) != b.get(r, c)) {
          return new int[] {r, c};
        }
      }
    }
    throw new AssertionError("tensors are equal");
  }

  private static void assertPinpoint(
      DisputeReport r, boolean atInit, long step, int tensor, int row, int col) {
    Pinpoint p = r.pinpoint();
    assertThat(p)
        .isEqualTo(
            new Pinpoint(
                atInit,
                OptionalLong.of(step),
                OptionalInt.of(tensor),
                OptionalInt.of(row),
                OptionalInt.of(col)));
  }
}
