package io.tribunal.protocol.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The forward half of a graph computes the logits the whole step computes, and a causal model's
 * logits at a position do not depend on the tokens after it (what lets a short prompt be padded).
 */
class GraphForwardTest {
  private static final int V = 7;
  private static final int T = 6;
  private static final AdamW ADAMW = new AdamW(33554, 10, 58982, 65470, 1678, 655);

  private static OpGraph gpt() {
    return ModelPresets.gpt("gpt:1-8-2-" + T, V).graph(1, ADAMW, 1);
  }

  private static List<Tensor> window(int... tokens) {
    int[] row = Arrays.copyOf(tokens, T + 1);
    return List.of(Tensor.wrap(T + 1, new int[][] {row}), Tensor.wrap(1, new int[][] {{0}}));
  }

  @Test
  void theLogitsAreThoseOfTheWholeStepAtAnyThreadCount() {
    OpGraph graph = gpt();
    GraphStep step = new GraphStep(graph);
    List<Tensor> params = step.initialParameters(5);
    List<Tensor> data = window(1, 4, 2, 6, 0, 3, 5);
    int logits = GraphForward.logitsNode(graph);
    try (Parallel one = Parallel.of(1);
        Parallel three = Parallel.of(3)) {
      Tensor whole = step.run(params, data, 0, new int[] {0}, one).get(logits);
      assertThat(whole.rows()).isEqualTo(T);
      assertThat(whole.cols()).isEqualTo(V);
      GraphForward forward = new GraphForward(graph);
      assertThat(forward.logits(params, data, new int[] {0}, one)).isEqualTo(whole);
      assertThat(forward.logits(params, data, new int[] {0}, three)).isEqualTo(whole);
    }
  }

  @Test
  void laterTokensNeverReachEarlierLogits() {
    OpGraph graph = gpt();
    List<Tensor> params = new GraphStep(graph).initialParameters(9);
    GraphForward forward = new GraphForward(graph);
    try (Parallel parallel = Parallel.of(2)) {
      Tensor a = forward.logits(params, window(3, 1, 4, 0, 0, 0), new int[] {0}, parallel);
      Tensor b = forward.logits(params, window(3, 1, 4, 6, 5, 2), new int[] {0}, parallel);
      for (int r = 0; r < 3; r++) {
        assertThat(a.row(r)).as("position %d", r).isEqualTo(b.row(r));
      }
      assertThat(a.row(3)).isNotEqualTo(b.row(3));
    }
  }

  @Test
  void aGraphWithoutALossHasNoLogits() {
    OpGraph graph = gpt();
    List<GraphNode> nodes =
        graph.nodes().stream()
            .filter(n -> n.kind() != io.tribunal.protocol.leaf.LeafOp.SOFTMAX_XENT_GRAD.index())
            .toList();
    OpGraph noLoss = new OpGraph(graph.params(), graph.data(), nodes);
    assertThatThrownBy(() -> GraphForward.logitsNode(noLoss))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no logits");
  }
}
