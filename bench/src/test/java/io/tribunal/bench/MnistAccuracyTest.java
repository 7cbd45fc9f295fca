package io.tribunal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.data.MnistNpm;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.Evaluator;
import io.tribunal.core.train.StepEngine;
import io.tribunal.protocol.layout.NpmLocator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * MNIST mlp:784-128-10, batch 32, lr 0.1, 2,500 steps (10 epochs of 8,000): fixed point reaches >=
 * 92% held-out and the float32 twin (same init, batches, schedule) is within 1.5 points.
 */
class MnistAccuracyTest {
  private static final long STEPS = 2500;

  @Test
  void fixedPointMnistReachesNinetyTwoPercentAndMatchesTheFloatTwin() {
    DatasetSplit data =
        MnistNpm.load(Path.of("target", "dataset-cache").toAbsolutePath(), NpmLocator.packages());
    assertThat(data.train().size()).isEqualTo(8000);
    assertThat(data.heldOut().size()).isEqualTo(2000);
    MlpSpec spec = MlpSpec.parse("mlp:784-128-10");
    TrainingConfig config =
        new TrainingConfig(spec, "mnist", Hash32.ZERO, 1, 32, "0.1", STEPS, STEPS);
    try (Parallel parallel = Parallel.serial()) {
      StepEngine engine = new StepEngine(config, data.train());
      ModelState state = engine.initial();
      FloatTwin twin = new FloatTwin(spec, data.train(), state.parameters(), 1, 32, 0.1f, parallel);
      while (state.step() < STEPS) {
        twin.step(state.step());
        state = engine.step(state, parallel);
      }
      long fixed = Evaluator.correct(spec, state.parameters(), data.heldOut(), parallel);
      long flt = twin.correct(data.heldOut());
      System.out.printf(
          "MNIST held-out accuracy after %d steps: fixed-point %s%%, float32 twin %s%%%n",
          STEPS, Evaluator.percent(fixed, 2000), Evaluator.percent(flt, 2000));
      assertThat(fixed).as("fixed-point correct of 2000").isGreaterThanOrEqualTo(1840);
      assertThat(Math.abs(fixed - flt)).as("fixed vs float gap of 2000").isLessThanOrEqualTo(30);
    }
  }
}
