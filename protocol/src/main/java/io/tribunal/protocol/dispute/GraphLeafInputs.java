package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.SampleEncoding;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.RowRef;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.graph.GraphNode;
import io.tribunal.protocol.graph.GraphStep;
import io.tribunal.protocol.graph.OpCodec;
import io.tribunal.protocol.graph.OpGraph;
import io.tribunal.protocol.leaf.LeafOp;
import io.tribunal.protocol.leaf.PackedRow;
import java.util.ArrayList;
import java.util.List;

/**
 * The solver's final move on an op-graph job: the opened output row; the one row of each input that
 * the op declares for element (row, col) ({@link Op#dependencies}), with its proof against the
 * input's row tree, or for a gather the drawn dataset sample with its OpenZeppelin proof; and the
 * picked node and its input nodes with their proofs against the graph root.
 */
final class GraphLeafInputs {
  private GraphLeafInputs() {}

  static Move.ProveLeaf build(GraphTraceSource trace, Pinpoint p) {
    OpGraph graph = trace.graph();
    int tensor = p.tensor().orElseThrow();
    int row = p.row().orElseThrow();
    int col = p.col().orElseThrow();
    long step = p.step().orElseThrow();
    if (p.atInit()) {
      byte[] out = PackedRow.pack(trace.parameters(0).get(tensor).row(row));
      return new Move.ProveLeaf(
          out, new byte[0], List.of(), new byte[0], List.of(), trace.pickOpening(true, tensor));
    }
    int id = graph.params() + graph.data() + tensor;
    GraphNode n = graph.node(id);
    List<Tensor> nodes = trace.nodeTensors(step);
    byte[] out = PackedRow.pack(nodes.get(id).row(row));
    if (kind(n) == LeafOp.GATHER_ROWS) {
      int idx = trace.batchIndices(step)[row];
      byte[] sample =
          SampleEncoding.abiEncode(
              idx, trace.train().label(idx), trace.train().features().row(idx));
      NodeOpening opening = opening(graph, id, n.in0(), GraphNode.NONE);
      return new Move.ProveLeaf(
          out, sample, trace.datasetCommitment().proof(idx), new byte[0], List.of(), opening);
    }
    Op op = GraphStep.op(n, new OpCodec.StepContext(trace.batchIndices(step), step));
    List<Shape> shapes = new ArrayList<>(2);
    shapes.add(nodes.get(n.in0()).shape());
    if (n.in1() != GraphNode.NONE) {
      shapes.add(nodes.get(n.in1()).shape());
    }
    List<RowRef> deps = op.dependencies(row, col, shapes);
    Input in0 = input(nodes.get(n.in0()), declaredRow(deps, 0, n));
    Input in1 =
        n.in1() == GraphNode.NONE
            ? new Input(new byte[0], List.of())
            : input(nodes.get(n.in1()), declaredRow(deps, 1, n));
    return new Move.ProveLeaf(
        out, in0.row, in0.proof, in1.row, in1.proof, opening(graph, id, n.in0(), n.in1()));
  }

  private static LeafOp kind(GraphNode n) {
    return io.tribunal.protocol.graph.NodeKind.op(n.kind()).orElseThrow();
  }

  private static int declaredRow(List<RowRef> deps, int input, GraphNode n) {
    return deps.stream()
        .filter(r -> r.input() == input)
        .mapToInt(RowRef::row)
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("op " + n + " declares no row of input " + input));
  }

  private record Input(byte[] row, List<Hash32> proof) {}

  private static Input input(Tensor t, int index) {
    MerkleLevels tree = RowTrees.of(t);
    return new Input(PackedRow.pack(t.row(index)), tree.proof(index, tree.height()));
  }

  private static NodeOpening opening(OpGraph graph, int id, int in0, int in1) {
    return new NodeOpening(
        graph.node(id).encode(),
        graph.proof(id),
        graph.node(in0).encode(),
        graph.proof(in0),
        in1 == GraphNode.NONE ? new byte[0] : graph.node(in1).encode(),
        in1 == GraphNode.NONE ? List.of() : graph.proof(in1));
  }
}
