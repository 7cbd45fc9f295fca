package io.tribunal.protocol.graph;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.model.Initializer;
import io.tribunal.core.ops.Op;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one training step written as an {@link OpGraph}: every node's tensor by id, parameters
 * first, then the data inputs, then each op over the tensors its node names. The gathers take the
 * step's batch indices (the chain derives them from the seed and the step, so they are not in the
 * graph). Deterministic at any thread count, as every core op is.
 */
public final class GraphStep {
  private final OpGraph graph;

  public GraphStep(OpGraph graph) {
    List<String> problems = OpGraphValidator.structuralProblems(graph);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("the op graph is not valid: " + problems.getFirst());
    }
    this.graph = graph;
  }

  /** The initial state: each parameter by its declaration (zeros, ones or He-uniform). */
  public List<Tensor> initialParameters(long seed) {
    List<Tensor> params = new ArrayList<>();
    for (int p = 0; p < graph.params(); p++) {
      GraphNode n = graph.node(p);
      params.add(
          switch (n.kind()) {
            case NodeKind.PARAM_HE_UNIFORM ->
                Initializer.heUniform(seed, p, n.rows(), n.cols(), (int) n.attrs()[0]);
            case NodeKind.PARAM_ONE -> filled(n.rows(), n.cols(), Fixed.ONE);
            default -> Tensor.zeros(n.rows(), n.cols());
          });
    }
    return params;
  }

  /**
   * Every node's tensor, by id, for step {@code step} from {@code params} on {@code data}, with the
   * step's batch indices.
   */
  public List<Tensor> run(
      List<Tensor> params, List<Tensor> data, long step, int[] batchIndices, Parallel parallel) {
    return run(params, data, step, batchIndices, parallel, (node, out) -> out);
  }

  /** What a run does with each op node's output before later nodes read it. */
  @FunctionalInterface
  public interface OutputHook {
    /** The tensor node {@code node} passes on, given the one it computed. */
    Tensor apply(int node, Tensor computed);
  }

  /**
   * {@link #run} with every op output passed through {@code hook} before later nodes read it: the
   * dispute engine's test cheats tamper with one node this way.
   */
  public List<Tensor> run(
      List<Tensor> params,
      List<Tensor> data,
      long step,
      int[] batchIndices,
      Parallel parallel,
      OutputHook hook) {
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
    List<Tensor> tensors = new ArrayList<>(graph.nodes().size());
    tensors.addAll(params);
    tensors.addAll(data);
    for (int i = tensors.size(); i < graph.nodes().size(); i++) {
      GraphNode n = graph.node(i);
      Op op = op(n, new OpCodec.StepContext(batchIndices, step));
      List<Tensor> in = new ArrayList<>(2);
      in.add(tensors.get(n.in0()));
      if (n.in1() != GraphNode.NONE) {
        in.add(tensors.get(n.in1()));
      }
      Tensor out = op.compute(in, parallel);
      if (out.rows() != n.rows() || out.cols() != n.cols()) {
        throw new IllegalStateException(
            "node " + i + " computed " + out.shape() + ", declared " + n);
      }
      tensors.add(hook.apply(i, out));
    }
    return tensors;
  }

  /** The next state after step {@code step}: each parameter's next value, in state order. */
  public List<Tensor> step(
      List<Tensor> params, List<Tensor> data, long step, int[] batchIndices, Parallel parallel) {
    List<Tensor> all = run(params, data, step, batchIndices, parallel);
    List<Tensor> next = new ArrayList<>(graph.params());
    for (int p = 0; p < graph.params(); p++) {
      next.add(all.get(graph.node(p).in0()));
    }
    return next;
  }

  /** The core op of op node {@code n} at a step whose gathers take {@code context}. */
  public static Op op(GraphNode n, OpCodec.StepContext context) {
    LeafOp kind = NodeKind.op(n.kind()).orElseThrow();
    if (kind == LeafOp.GATHER_ROWS && context.gatherIndices().length != n.rows()) {
      throw new IllegalArgumentException(
          "the gather takes " + n.rows() + " batch indices, got " + context.gatherIndices().length);
    }
    return OpCodec.decode(kind, n.attrs(), context);
  }

  private static Tensor filled(int rows, int cols, int value) {
    int[][] v = new int[rows][cols];
    for (int[] row : v) {
      Arrays.fill(row, value);
    }
    return Tensor.wrap(cols, v);
  }
}
