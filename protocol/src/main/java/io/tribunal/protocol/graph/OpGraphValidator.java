package io.tribunal.protocol.graph;

import io.tribunal.core.ops.Op;
import io.tribunal.core.tensor.Shape;
import io.tribunal.protocol.job.JobLimits;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Whether a graph is a well-formed, settleable training step: declarations first and in their
 * places, every kind known, every op reading earlier tensors with the shapes its core op accepts
 * and producing the shape it declares, every parameter updated by exactly one op of its own shape,
 * every leaf small enough to prove in one transaction (each declared row at most {@link
 * JobLimits#MAX_LEAF_WIDTH} wide), and few enough nodes to register the job in one ({@link
 * #MAX_SETTLEABLE_NODES}). The answer is every problem, in words, empty when it is fine.
 */
public final class OpGraphValidator {
  /** Most rows a tensor may have: its row tree stays within 30 levels, as core's proofs. */
  public static final int MAX_ROWS = 1 << 30;

  /**
   * Most nodes of a settleable graph: the game registers a job from every node in one transaction,
   * measured at 11.1k-14.2k gas per node (docs/op-graph.md), and a graph nobody could register
   * could never be disputed. 1,024 nodes stay under ~14.5M gas, below the 2^24 per-transaction cap.
   */
  public static final int MAX_SETTLEABLE_NODES = 1_024;

  private OpGraphValidator() {}

  /** Every problem, the leaf-width limit included: what a job's graph must pass. */
  public static List<String> problems(OpGraph graph) {
    return check(graph, true);
  }

  /**
   * The problems that make a graph unrunnable (everything but the leaf-width limit): what the
   * engine needs to run it locally, e.g. to benchmark a batch too large to settle on chain.
   */
  public static List<String> structuralProblems(OpGraph graph) {
    return check(graph, false);
  }

  private static List<String> check(OpGraph graph, boolean leafWidths) {
    List<String> problems = new ArrayList<>();
    List<GraphNode> nodes = graph.nodes();
    BitSet nextTaken = new BitSet();
    for (int i = 0; i < nodes.size(); i++) {
      GraphNode n = nodes.get(i);
      String at = "node " + i + " (" + NodeKind.describe(n.kind()) + "): ";
      if (n.rows() < 1 || n.cols() < 1 || n.rows() > MAX_ROWS) {
        problems.add(at + "shape " + n.rows() + "x" + n.cols() + " is empty or too tall");
        continue;
      }
      if (i < graph.params()) {
        checkParameter(graph, i, n, at, nextTaken, problems);
      } else if (i < graph.params() + graph.data()) {
        checkData(n, at, leafWidths, problems);
      } else {
        checkOp(graph, i, n, at, leafWidths, problems);
      }
    }
    if (graph.params() == 0) {
      problems.add("the graph trains no parameter");
    }
    if (leafWidths && nodes.size() > MAX_SETTLEABLE_NODES) {
      problems.add(
          "the graph has "
              + nodes.size()
              + " nodes, more than the "
              + MAX_SETTLEABLE_NODES
              + " the dispute game can register in one transaction");
    }
    GraphCost cost = GraphCost.of(graph);
    if (cost.values().compareTo(GraphCost.MAX_VALUES) > 0) {
      problems.add(
          "one step holds "
              + cost.values()
              + " tensor values, more than the "
              + GraphCost.MAX_VALUES
              + " a solver is asked to hold");
    }
    return problems;
  }

  private static void checkParameter(
      OpGraph g, int i, GraphNode n, String at, BitSet nextTaken, List<String> problems) {
    if (!NodeKind.isParameter(n.kind())) {
      problems.add(at + "the first " + g.params() + " nodes must declare parameters");
      return;
    }
    int attrs = n.kind() == NodeKind.PARAM_HE_UNIFORM ? 1 : 0;
    if (n.attrs().length != attrs || (attrs == 1 && n.attrs()[0] < 1)) {
      problems.add(at + "takes " + attrs + " attribute(s) (a positive fan-in for he-uniform)");
    }
    int next = n.in0();
    if (n.in1() != GraphNode.NONE || next < g.params() + g.data() || next >= g.nodes().size()) {
      problems.add(at + "its next value must be an op's output, got " + next);
      return;
    }
    GraphNode producer = g.node(next);
    if (producer.rows() != n.rows() || producer.cols() != n.cols()) {
      problems.add(
          at
              + "is "
              + n.rows()
              + "x"
              + n.cols()
              + " but its next value (node "
              + next
              + ") is "
              + producer.rows()
              + "x"
              + producer.cols());
    }
    if (nextTaken.get(next)) {
      problems.add(at + "node " + next + " is already the next value of another parameter");
    }
    nextTaken.set(next);
  }

  private static void checkData(GraphNode n, String at, boolean leafWidths, List<String> problems) {
    if (!NodeKind.isData(n.kind())) {
      problems.add(at + "the data inputs must follow the parameters");
    } else if (n.in0() != GraphNode.NONE || n.in1() != GraphNode.NONE || n.attrs().length != 0) {
      problems.add(at + "a data input has no inputs and no attributes");
    } else if (n.kind() == NodeKind.DATA_LABELS && n.cols() != 1) {
      problems.add(at + "labels are one column, got " + n.cols());
    } else if (leafWidths && n.cols() > JobLimits.MAX_LEAF_WIDTH) {
      problems.add(at + "a sample of " + n.cols() + " values is wider than a leaf may carry");
    }
  }

  private static void checkOp(
      OpGraph g, int i, GraphNode n, String at, boolean leafWidths, List<String> problems) {
    Optional<LeafOp> kind = NodeKind.op(n.kind());
    if (kind.isEmpty()) {
      problems.add(at + "not an op the chain can evaluate");
      return;
    }
    Op op;
    try {
      op = OpCodec.decode(kind.get(), n.attrs(), OpCodec.StepContext.shapes(n.rows()));
    } catch (IllegalArgumentException e) {
      problems.add(at + e.getMessage());
      return;
    }
    int[] inputs = {n.in0(), n.in1()};
    List<Shape> shapes = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      if (k >= op.arity()) {
        if (inputs[k] != GraphNode.NONE) {
          problems.add(at + "takes " + op.arity() + " input(s), but input " + k + " is set");
        }
        continue;
      }
      if (inputs[k] < 0 || inputs[k] >= i) {
        problems.add(at + "input " + k + " must be an earlier node, got " + inputs[k]);
        return;
      }
      GraphNode in = g.node(inputs[k]);
      if (leafWidths && in.cols() > JobLimits.MAX_LEAF_WIDTH) {
        problems.add(
            at
                + "input "
                + k
                + " rows are "
                + in.cols()
                + " wide, more than a leaf may carry ("
                + JobLimits.MAX_LEAF_WIDTH
                + ")");
      }
      shapes.add(new Shape(in.rows(), in.cols()));
    }
    if (shapes.size() != op.arity()) {
      return;
    }
    try {
      Shape out = op.outputShape(shapes);
      if (out.rows() != n.rows() || out.cols() != n.cols()) {
        problems.add(at + "declares " + n.rows() + "x" + n.cols() + " but computes " + out);
      }
    } catch (IllegalArgumentException e) {
      problems.add(at + e.getMessage());
    }
  }
}
