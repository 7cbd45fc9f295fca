package io.tribunal.protocol.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.StepEngine;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.protocol.dispute.cheat.Cheat;
import io.tribunal.protocol.dispute.cheat.CheatingTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.LongSummaryStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measurement, not a default test (-Dtribunal.bench=true): whole disputes over mlp:784-128-10,
 * batch 32, one flipped element of Z1 = X W1^T (the widest layer: the leaf is a 784-wide dot
 * product). n = 2^10 is real MNIST training; 2^16 and 2^20 use {@link SyntheticTrace} for the step
 * level. Prints moves per side, gas per move (max, total) from receipts and wall time.
 */
@ExtendWith(AnvilExtension.class)
@EnabledIfSystemProperty(named = "tribunal.bench", matches = "true")
class DisputeBenchIT {
  private static final String MODEL = "mlp:784-128-10";

  @TempDir Path dir;

  @Test
  void realTrainingTwoToTheTen(Devnet devnet) throws Exception {
    DisputeFixture fx = new DisputeFixture(devnet, MODEL, 32, 1 << 10, 32);
    fx.stakeSolver();
    long t0 = System.nanoTime();
    LocalTrace honest = fx.honest(dir);
    LocalTrace solver =
        CheatingTrainer.train(
            fx.config,
            DisputeFixture.mnist().train(),
            new Cheat.FlippedOutput(517, 2, 5, 17),
            fx.parallel);
    long trained = System.nanoTime();
    measure("n=2^10 K=32 (real training)", fx, honest, solver, 1, t0, trained);
  }

  @Test
  void syntheticTwoToTheSixteenAndTwenty(Devnet devnet) throws Exception {
    int nonce = 100;
    for (long[] nk : new long[][] {{1 << 16, 256}, {1 << 20, 256}, {1 << 20, 1}}) {
      DisputeFixture fx = new DisputeFixture(devnet, MODEL, 32, nk[0], nk[1]);
      fx.stakeSolver();
      long t0 = System.nanoTime();
      TrainingConfig c = fx.config;
      long i = nk[0] / 2 + 3;
      Parallel p = fx.parallel;
      var train = DisputeFixture.mnist().train();
      SyntheticTrace honest =
          new SyntheticTrace(
              c, train, new StepRunner(new StepEngine(c, train), StepInterceptor.NONE, p), i);
      SyntheticTrace solver =
          new SyntheticTrace(
              c,
              train,
              CheatingTrainer.runner(c, train, new Cheat.FlippedOutput(i, 2, 5, 17), p),
              i);
      measure(
          "n=2^" + Long.numberOfTrailingZeros(nk[0]) + " K=" + nk[1] + " (synthetic)",
          fx,
          honest,
          solver,
          nonce++,
          t0,
          System.nanoTime());
    }
  }

  private static void measure(
      String label,
      DisputeFixture fx,
      TraceSource honest,
      TraceSource solverTrace,
      long nonce,
      long t0,
      long trained)
      throws Exception {
    DisputeFixture.Job job = fx.commit(solverTrace, 5_000 + nonce);
    DisputeChain cChain = fx.challengerChain(fx.devnet.account(4));
    ChallengerPlayer c = new ChallengerPlayer(cChain, honest);
    SolverDefender s =
        new SolverDefender(DisputeChain.of(fx.devnet.chain(), fx.d, fx.solver()), solverTrace);
    long gameStart = System.nanoTime();
    long id = cChain.open(job.id(), ClaimKind.TRANSITION);
    DisputeView v =
        DisputeEngineRunner.playOut(
            fx.devnet, cChain, id, s, c, Integer.MAX_VALUE, Integer.MAX_VALUE);
    long end = System.nanoTime();
    assertThat(v.outcome()).isEqualTo(Outcome.LEAF_MISMATCH);
    assertThat(v.pinpoint().tensor()).hasValue(2);
    print(label + " solver", s.played());
    print(label + " challenger (open not included)", c.played());
    System.out.printf(
        "BENCH %s: pinpoint %s; prepare (train/trace) %.1f s, game on anvil %.1f s, whole %.1f s%n",
        label, v.pinpoint(), (trained - t0) / 1e9, (end - gameStart) / 1e9, (end - t0) / 1e9);
  }

  private static void print(String who, List<Player.Played> moves) {
    LongSummaryStatistics st = moves.stream().mapToLong(Player.Played::gasUsed).summaryStatistics();
    System.out.printf(
        "BENCH %s: %d moves, max %d gas, total %d gas: %s%n",
        who,
        st.getCount(),
        st.getMax(),
        st.getSum(),
        moves.stream().map(m -> m.move() + "=" + m.gasUsed()).toList());
  }
}
