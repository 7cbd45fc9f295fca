package io.tribunal.protocol.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.StepProgram;
import io.tribunal.protocol.job.JobLimits;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpGraphTest {
  private static final OpGraph SMALL = MlpGraph.of(MlpSpec.parse("mlp:4-3-2"), 2, 1 << 20, 10);

  @ParameterizedTest
  @ValueSource(strings = {"mlp:784-128-10", "mlp:784-1024-10", "mlp:784-64-32-10", "mlp:2-2"})
  void mlpPresetsAreValidAndFollowTheStepProgramNodeForNode(String spec) {
    MlpSpec mlp = MlpSpec.parse(spec);
    OpGraph g = MlpGraph.of(mlp, 32, 52429, 8000);
    assertThat(OpGraphValidator.problems(g)).isEmpty();
    StepProgram program = StepProgram.build(mlp, 52429, new int[32]);
    assertThat(g.params()).isEqualTo(mlp.parameterNames().size());
    assertThat(g.ops()).isEqualTo(program.size());
    for (int i = 0; i < program.size(); i++) {
      GraphNode n = g.node(g.params() + g.data() + i);
      assertThat(n.kind()).isEqualTo(LeafOp.of(program.invocations().get(i).op()).index());
    }
    // the next value of every parameter is one of the final SGD updates
    for (int p = 0; p < g.params(); p++) {
      assertThat(g.node(g.node(p).in0()).kind()).isEqualTo(LeafOp.SGD_UPDATE.index());
    }
  }

  @Test
  void encodingRoundTripsAndRejectsMalformedBytes() {
    for (GraphNode n : SMALL.nodes()) {
      assertThat(GraphNode.decode(n.encode())).isEqualTo(n);
    }
    byte[] sgd = SMALL.node(SMALL.nodes().size() - 1).encode();
    assertThat(sgd).hasSize(GraphNode.HEADER_BYTES + 8);
    assertThatThrownBy(() -> GraphNode.decode(new byte[5])).hasMessageContaining("at least 19");
    byte[] badVersion = sgd.clone();
    badVersion[0] = 2;
    assertThatThrownBy(() -> GraphNode.decode(badVersion)).hasMessageContaining("version 2");
    byte[] truncated = java.util.Arrays.copyOf(sgd, sgd.length - 1);
    assertThatThrownBy(() -> GraphNode.decode(truncated)).hasMessageContaining("1 attributes");
  }

  @Test
  void everyNodeProvesAgainstTheRootAndNoAlteredNodeDoes() {
    Hash32 root = SMALL.root();
    int count = SMALL.nodes().size();
    for (int i = 0; i < count; i++) {
      GraphNode n = SMALL.node(i);
      List<Hash32> proof = SMALL.proof(i);
      assertThat(OpGraph.verify(root, SMALL.params(), SMALL.data(), count, i, n, proof)).isTrue();
      for (GraphNode altered : alterations(n)) {
        assertThat(OpGraph.verify(root, SMALL.params(), SMALL.data(), count, i, altered, proof))
            .as("node %d altered to %s", i, altered)
            .isFalse();
      }
      int other = (i + 1) % count;
      assertThat(OpGraph.verify(root, SMALL.params(), SMALL.data(), count, other, n, proof))
          .isFalse();
      assertThat(OpGraph.verify(root, SMALL.params() + 1, SMALL.data(), count, i, n, proof))
          .isFalse();
    }
  }

  private static List<GraphNode> alterations(GraphNode n) {
    List<GraphNode> out = new ArrayList<>();
    out.add(new GraphNode(n.kind() ^ 1, n.in0(), n.in1(), n.rows(), n.cols(), n.attrs()));
    out.add(new GraphNode(n.kind(), n.in0() + 1, n.in1(), n.rows(), n.cols(), n.attrs()));
    out.add(new GraphNode(n.kind(), n.in0(), n.in1() + 1, n.rows(), n.cols(), n.attrs()));
    out.add(new GraphNode(n.kind(), n.in0(), n.in1(), n.rows() + 1, n.cols(), n.attrs()));
    out.add(new GraphNode(n.kind(), n.in0(), n.in1(), n.rows(), n.cols() + 1, n.attrs()));
    long[] more = java.util.Arrays.copyOf(n.attrs(), n.attrs().length + 1);
    out.add(new GraphNode(n.kind(), n.in0(), n.in1(), n.rows(), n.cols(), more));
    return out;
  }

  @Test
  void validatorNamesEveryMalformedGraph() {
    int firstOp = SMALL.params() + SMALL.data();
    int sgd = SMALL.nodes().size() - 1; // sgd_update of b2: inputs b2 and db2
    assertProblem(
        replace(firstOp + 2, n -> with(n, 0x7F, n.in0(), n.in1(), n.rows(), n.cols(), n.attrs())),
        "not an op the chain can evaluate");
    assertProblem(
        replace(
            firstOp + 2,
            n -> with(n, n.kind(), n.in0(), n.in1(), n.rows() + 1, n.cols(), n.attrs())),
        "declares 3x3 but computes 2x3");
    assertProblem(
        replace(
            firstOp + 2,
            n -> with(n, n.kind(), firstOp + 5, n.in1(), n.rows(), n.cols(), n.attrs())),
        "input 0 must be an earlier node");
    assertProblem(
        replace(sgd, n -> with(n, n.kind(), n.in0(), n.in1(), n.rows(), n.cols(), new long[0])),
        "takes 1 attribute");
    assertProblem(
        replace(
            sgd,
            n -> with(n, n.kind(), n.in0(), n.in1(), n.rows(), n.cols(), new long[] {1L << 31})),
        "eta must be in [0, 2^31)");
    assertProblem(
        replace(0, n -> with(n, n.kind(), firstOp, n.in1(), n.rows(), n.cols(), n.attrs())),
        "but its next value");
    assertProblem(
        replace(
            1, n -> with(n, n.kind(), SMALL.node(0).in0(), n.in1(), n.rows(), n.cols(), n.attrs())),
        "is 3x1 but its next value");
    assertProblem(
        replace(3, n -> with(n, n.kind(), SMALL.node(2).in0(), n.in1(), 2, 3, n.attrs())),
        "already the next value");
    assertProblem(
        replace(0, n -> with(n, n.kind(), n.in0(), n.in1(), n.rows(), n.cols(), new long[0])),
        "takes 1 attribute(s)");
    assertProblem(
        replace(
            SMALL.params(),
            n -> with(n, NodeKind.PARAM_ZERO, n.in0(), n.in1(), n.rows(), n.cols(), n.attrs())),
        "data inputs must follow the parameters");
    assertProblem(
        replace(
            SMALL.params() + 1, n -> with(n, n.kind(), n.in0(), n.in1(), n.rows(), 2, n.attrs())),
        "labels are one column");
    assertProblem(
        replace(firstOp + 4, n -> with(n, n.kind(), n.in0(), 0, n.rows(), n.cols(), n.attrs())),
        "but input 1 is set"); // relu takes one input
    OpGraph noParams = new OpGraph(0, 1, List.of(SMALL.node(SMALL.params())));
    assertProblem(noParams, "the graph trains no parameter");
    assertProblem(
        new OpGraph(1, 0, List.of(SMALL.node(SMALL.params()))),
        "the first 1 nodes must declare parameters");
  }

  @Test
  void aLeafWiderThanOneTransactionIsRefused() {
    int wide = JobLimits.MAX_LEAF_WIDTH + 1;
    OpGraph g = MlpGraph.of(new MlpSpec(List.of(wide, 2)), 2, 1, 10);
    assertThat(OpGraphValidator.problems(g))
        .anySatisfy(p -> assertThat(p).contains("wider than a leaf may carry"));
  }

  @Test
  void aGraphTooLargeToRegisterInOneTransactionIsNotSettleable() {
    // 300 layers of 2 units: 2 + 300·12 − 1 ≈ 3,600 ops, each small
    List<Integer> widths = new java.util.ArrayList<>();
    for (int l = 0; l <= 300; l++) {
      widths.add(2);
    }
    OpGraph deep = MlpGraph.of(new MlpSpec(widths), 2, 1, 10);
    assertThat(deep.nodes().size()).isGreaterThan(OpGraphValidator.MAX_SETTLEABLE_NODES);
    assertThat(OpGraphValidator.problems(deep))
        .anySatisfy(p -> assertThat(p).contains("nodes, more than the 1024"));
    assertThat(OpGraphValidator.structuralProblems(deep)).isEmpty();
  }

  @Test
  void aStepTooLargeToHoldIsRefusedAndCostsAreCounted() {
    // 60,000 x 10,000 features: 6e8 values of data alone, plus the weights and the step
    OpGraph huge = MlpGraph.of(new MlpSpec(List.of(10_000, 2)), 2, 1, 60_000 * 2);
    assertThat(OpGraphValidator.structuralProblems(huge))
        .anySatisfy(p -> assertThat(p).contains("tensor values, more than the"));
    GraphCost small = GraphCost.of(SMALL);
    // mlp:4-3-2, B 2, N 10: parameters 12+3+6+2, data 40+10, and every op output
    long params = 12 + 3 + 6 + 2;
    assertThat(small.values().longValueExact()).isGreaterThan(params + 50);
    // matmul X(2x4)·W1(3x4)ᵀ alone reads 4 + 4 values per output element, 6 elements
    assertThat(small.elementWork().longValueExact()).isGreaterThanOrEqualTo(48);
  }

  private static void assertProblem(OpGraph g, String fragment) {
    assertThat(OpGraphValidator.problems(g)).anySatisfy(p -> assertThat(p).contains(fragment));
  }

  private static OpGraph replace(int index, UnaryOperator<GraphNode> change) {
    List<GraphNode> nodes = new ArrayList<>(SMALL.nodes());
    nodes.set(index, change.apply(nodes.get(index)));
    return new OpGraph(SMALL.params(), SMALL.data(), nodes);
  }

  private static GraphNode with(
      GraphNode n, int kind, int in0, int in1, int rows, int cols, long[] attrs) {
    return new GraphNode(kind, in0, in1, rows, cols, attrs);
  }
}
