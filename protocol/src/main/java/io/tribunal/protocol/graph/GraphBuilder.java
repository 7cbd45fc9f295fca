package io.tribunal.protocol.graph;

import io.tribunal.core.ops.Op;
import io.tribunal.core.tensor.Shape;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an op graph the way a layer list thinks of it: declare parameters and data inputs whenever
 * they come up, emit ops in execution order, and name each parameter's next value at the end. It
 * orders the nodes as the graph requires (parameters, data inputs, ops) and computes every op's
 * output shape with core's own {@code outputShape}, so a shape error surfaces where the op is
 * emitted.
 */
public final class GraphBuilder {
  /** A tensor of the graph under construction. */
  public record Ref(Section section, int index, Shape shape) {}

  /** Where a node goes in the final order. */
  public enum Section {
    PARAM,
    DATA,
    OP
  }

  private record Pending(int kind, Ref in0, Ref in1, Shape shape, long[] attrs) {}

  private final List<Pending> params = new ArrayList<>();
  private final List<Ref> nextOf = new ArrayList<>();
  private final List<Pending> data = new ArrayList<>();
  private final List<Pending> ops = new ArrayList<>();

  /** Declares a parameter (kind {@link NodeKind#PARAM_ZERO} and friends). */
  public Ref parameter(int kind, Shape shape, long... attrs) {
    if (!NodeKind.isParameter(kind)) {
      throw new IllegalArgumentException(NodeKind.describe(kind) + " is not a parameter kind");
    }
    params.add(new Pending(kind, null, null, shape, attrs));
    nextOf.add(null);
    return new Ref(Section.PARAM, params.size() - 1, shape);
  }

  /** Declares a data input. */
  public Ref data(int kind, Shape shape) {
    if (!NodeKind.isData(kind)) {
      throw new IllegalArgumentException(NodeKind.describe(kind) + " is not a data kind");
    }
    data.add(new Pending(kind, null, null, shape, new long[0]));
    return new Ref(Section.DATA, data.size() - 1, shape);
  }

  /**
   * Emits an op over one or two inputs; {@code rows} sizes a gather (its indices come from the
   * step). IllegalArgumentException if core's op refuses the input shapes.
   */
  public Ref op(LeafOp kind, List<Ref> inputs, long[] attrs, int gatherRows) {
    Op op = OpCodec.decode(kind, attrs, OpCodec.StepContext.shapes(gatherRows));
    Shape out = op.outputShape(inputs.stream().map(Ref::shape).toList());
    ops.add(
        new Pending(
            kind.index(), inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, out, attrs));
    return new Ref(Section.OP, ops.size() - 1, out);
  }

  /** Emits an op without attributes. */
  public Ref op(LeafOp kind, Ref... inputs) {
    return op(kind, List.of(inputs), new long[0], 0);
  }

  /** Names the op output that becomes {@code param}'s value after the step. */
  public void next(Ref param, Ref value) {
    if (param.section() != Section.PARAM || value.section() != Section.OP) {
      throw new IllegalArgumentException("a parameter's next value is an op output");
    }
    nextOf.set(param.index(), value);
  }

  /** The graph, in canonical order. IllegalStateException if a parameter has no next value. */
  public OpGraph build() {
    List<GraphNode> nodes = new ArrayList<>();
    for (int p = 0; p < params.size(); p++) {
      Ref next = nextOf.get(p);
      if (next == null) {
        throw new IllegalStateException("parameter " + p + " has no next value");
      }
      nodes.add(node(params.get(p), id(next), GraphNode.NONE));
    }
    for (Pending d : data) {
      nodes.add(node(d, GraphNode.NONE, GraphNode.NONE));
    }
    for (Pending o : ops) {
      nodes.add(node(o, id(o.in0()), o.in1() == null ? GraphNode.NONE : id(o.in1())));
    }
    return new OpGraph(params.size(), data.size(), nodes);
  }

  private int id(Ref r) {
    return switch (r.section()) {
      case PARAM -> r.index();
      case DATA -> params.size() + r.index();
      case OP -> params.size() + data.size() + r.index();
    };
  }

  private static GraphNode node(Pending p, int in0, int in1) {
    return new GraphNode(p.kind(), in0, in1, p.shape().rows(), p.shape().cols(), p.attrs());
  }
}
