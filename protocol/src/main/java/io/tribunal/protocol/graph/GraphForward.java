package io.tribunal.protocol.graph;

import io.tribunal.core.ops.Op;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.ArrayList;
import java.util.List;

/**
 * The forward half of a training-step graph: every node up to the logits (input 0 of the graph's
 * {@code softmax_xent_grad}), and nothing after it. Nodes are in execution order, so every node the
 * logits depend on comes before them. Deterministic at any thread count, as {@link GraphStep} is.
 */
public final class GraphForward {
  private final OpGraph graph;
  private final int logits;

  public GraphForward(OpGraph graph) {
    new GraphStep(graph); // validates the structure
    this.graph = graph;
    this.logits = logitsNode(graph);
  }

  /** The id of the node whose output is the logits; IllegalArgumentException without a loss. */
  public static int logitsNode(OpGraph graph) {
    return graph.nodes().stream()
        .filter(n -> n.kind() == LeafOp.SOFTMAX_XENT_GRAD.index())
        .mapToInt(GraphNode::in0)
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("the graph has no softmax_xent_grad: no logits"));
  }

  /** The logits tensor (rows per position or sample, one column per class or token). */
  public Tensor logits(
      List<Tensor> params, List<Tensor> data, int[] batchIndices, Parallel parallel) {
    if (params.size() != graph.params() || data.size() != graph.data()) {
      throw new IllegalArgumentException(
          "the graph takes "
              + graph.params()
              + " parameters and "
              + graph.data()
              + " data inputs, got "
              + params.size()
              + " and "
              + data.size());
    }
    List<Tensor> tensors = new ArrayList<>(logits + 1);
    tensors.addAll(params);
    tensors.addAll(data);
    OpCodec.StepContext context = new OpCodec.StepContext(batchIndices, 0);
    for (int i = tensors.size(); i <= logits; i++) {
      GraphNode n = graph.node(i);
      Op op = GraphStep.op(n, context);
      List<Tensor> in = new ArrayList<>(2);
      in.add(tensors.get(n.in0()));
      if (n.in1() != GraphNode.NONE) {
        in.add(tensors.get(n.in1()));
      }
      tensors.add(op.compute(in, parallel));
    }
    return tensors.get(logits);
  }
}
