package io.tribunal.protocol.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.model.BatchSampler;
import io.tribunal.core.model.Initializer;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.core.train.StepEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A graph is a program the engine can run: the MLP written as an op graph trains bit for bit like
 * core's MLP step engine, from the same initial state, at 1 and 3 threads.
 */
class GraphStepTest {
  private static final MlpSpec SPEC = MlpSpec.parse("mlp:12-8-6-3");
  private static final int N = 40;
  private static final int B = 5;

  @Test
  void theMlpGraphTrainsBitForBitLikeTheMlpEngine() {
    Dataset data = dataset();
    TrainingConfig config = new TrainingConfig(SPEC, data.id(), Hash32.ZERO, 7, B, "0.2", 6, 3);
    StepEngine engine = new StepEngine(config, data);
    GraphStep graph = new GraphStep(MlpGraph.of(SPEC, B, config.eta(), N));
    List<Tensor> start = graph.initialParameters(config.seed());
    assertThat(start).isEqualTo(Initializer.initialParameters(SPEC, config.seed()));
    for (int threads : new int[] {1, 3}) {
      try (Parallel parallel = Parallel.of(threads)) {
        ModelState state = engine.initial();
        List<Tensor> params = start;
        for (long step = 0; step < 6; step++) {
          int[] idx = BatchSampler.indices(config.seed(), step, B, N);
          params =
              graph.step(params, List.of(data.features(), data.labelTensor()), step, idx, parallel);
          state = engine.step(state, parallel);
          assertThat(params)
              .as("step %d at %d threads", step, threads)
              .isEqualTo(state.parameters());
        }
        assertThat(params).isNotEqualTo(start);
      }
    }
  }

  @Test
  void refusesAnInvalidGraphAndMismatchedInputs() {
    OpGraph good = MlpGraph.of(SPEC, B, 1000, N);
    List<GraphNode> nodes = new ArrayList<>(good.nodes());
    GraphNode last = nodes.getLast();
    nodes.set(
        nodes.size() - 1,
        new GraphNode(
            last.kind(), last.in0(), last.in1(), last.rows() + 1, last.cols(), last.attrs()));
    assertThatThrownBy(() -> new GraphStep(new OpGraph(good.params(), good.data(), nodes)))
        .hasMessageContaining("the op graph is not valid");
    GraphStep step = new GraphStep(good);
    List<Tensor> params = step.initialParameters(1);
    Dataset data = dataset();
    assertThatThrownBy(
            () -> step.run(params, List.of(data.features()), 0, new int[B], Parallel.serial()))
        .hasMessageContaining("2 data inputs, got");
    assertThatThrownBy(
            () ->
                step.run(
                    params,
                    List.of(data.features(), data.labelTensor()),
                    0,
                    new int[B + 1],
                    Parallel.serial()))
        .hasMessageContaining("batch indices");
  }

  private static Dataset dataset() {
    SplittableRandom r = new SplittableRandom(3);
    int[][] x = new int[N][SPEC.inputWidth()];
    int[] y = new int[N];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < x[i].length; j++) {
        x[i][j] = r.nextInt(-2 * Fixed.ONE, 2 * Fixed.ONE);
      }
      y[i] = r.nextInt(SPEC.classes());
    }
    return new Dataset("random:40", Tensor.wrap(SPEC.inputWidth(), x), y, SPEC.classes());
  }
}
