package io.tribunal.protocol.graph;

import io.tribunal.core.model.Invocation;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.StepProgram;
import io.tribunal.core.ops.Op;
import io.tribunal.core.tensor.Shape;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The op graph of one SGD step of an MLP, node for node the program core's {@link StepProgram}
 * runs: parameters W1, b1, W2, b2, … (weights He-uniform with fan-in = columns, biases zero), the
 * training set's features (N x in) and labels (N x 1), then the program's ops in order.
 */
public final class MlpGraph {
  private MlpGraph() {}

  /** The graph of {@code spec} trained with batch B, step size eta (Q8.24) on N samples. */
  public static OpGraph of(MlpSpec spec, int batch, long eta, int datasetSize) {
    if (batch < 1 || datasetSize < 1) {
      throw new IllegalArgumentException("batch and dataset size must be positive");
    }
    StepProgram program = StepProgram.build(spec, eta, new int[batch]);
    Map<String, Integer> ids = new TreeMap<>();
    Map<String, Shape> shapes = new TreeMap<>();
    List<GraphNode> nodes = new ArrayList<>();
    List<String> params = spec.parameterNames();
    for (int l = 1; l <= spec.layers(); l++) {
      int in = spec.widths().get(l - 1);
      int out = spec.widths().get(l);
      shapes.put("W" + l, new Shape(out, in));
      shapes.put("b" + l, new Shape(out, 1));
    }
    shapes.put(StepProgram.DATA_X, new Shape(datasetSize, spec.inputWidth()));
    shapes.put(StepProgram.DATA_Y, new Shape(datasetSize, 1));
    int firstOp = params.size() + 2;
    for (int i = 0; i < params.size(); i++) {
      ids.put(params.get(i), i);
    }
    ids.put(StepProgram.DATA_X, params.size());
    ids.put(StepProgram.DATA_Y, params.size() + 1);
    List<Invocation> ops = program.invocations();
    for (int i = 0; i < ops.size(); i++) {
      ids.put(ops.get(i).output(), firstOp + i);
    }
    for (String p : params) {
      Shape s = shapes.get(p);
      int next = ids.get(StepProgram.next(p));
      boolean weight = p.startsWith("W");
      nodes.add(
          new GraphNode(
              weight ? NodeKind.PARAM_HE_UNIFORM : NodeKind.PARAM_ZERO,
              next,
              GraphNode.NONE,
              s.rows(),
              s.cols(),
              weight ? new long[] {s.cols()} : new long[0]));
    }
    nodes.add(data(NodeKind.DATA_FEATURES, shapes.get(StepProgram.DATA_X)));
    nodes.add(data(NodeKind.DATA_LABELS, shapes.get(StepProgram.DATA_Y)));
    for (Invocation inv : ops) {
      Op op = inv.op();
      List<Shape> in = inv.inputs().stream().map(shapes::get).toList();
      Shape out = op.outputShape(in);
      shapes.put(inv.output(), out);
      int in0 = ids.get(inv.inputs().get(0));
      int in1 = inv.inputs().size() > 1 ? ids.get(inv.inputs().get(1)) : GraphNode.NONE;
      nodes.add(
          new GraphNode(
              LeafOp.of(op).index(), in0, in1, out.rows(), out.cols(), OpCodec.attributes(op)));
    }
    return new OpGraph(params.size(), 2, nodes);
  }

  private static GraphNode data(int kind, Shape s) {
    return new GraphNode(kind, GraphNode.NONE, GraphNode.NONE, s.rows(), s.cols(), new long[0]);
  }
}
