package io.tribunal.bench;

import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.graph.GraphNode;
import io.tribunal.protocol.graph.NodeKind;
import io.tribunal.protocol.graph.OpGraph;
import io.tribunal.protocol.leaf.LeafOp;

/**
 * The real value of each node's fixed-point tensor: Q16.16 (raw / 2^16) for most, Q0.32 (raw /
 * 2^32) for AdamW's second moments and the right half of the concat that packs them, plain integers
 * for labels, token windows and the ids cut from them.
 */
public final class RealValues {
  private static final int Q16 = 0;
  private static final int Q032 = 1;
  private static final int INT = 2;
  private static final int PACKED = 3; // Q16.16 left of in0's width, Q0.32 right of it

  private final OpGraph graph;
  private final int[] format;

  public RealValues(OpGraph graph) {
    this.graph = graph;
    int size = graph.nodes().size();
    format = new int[size];
    int first = graph.params() + graph.data();
    for (int i = graph.params(); i < first; i++) {
      format[i] = graph.node(i).kind() == NodeKind.DATA_LABELS ? INT : Q16;
    }
    for (int i = first; i < size; i++) { // token windows feed sequence_tokens through a gather
      GraphNode n = graph.node(i);
      if (n.kind() == LeafOp.SEQUENCE_TOKENS.index()) {
        GraphNode src = graph.node(n.in0());
        if (src.kind() == LeafOp.GATHER_ROWS.index() && src.in0() < first) {
          format[src.in0()] = INT;
        }
      }
    }
    for (int i = first; i < size; i++) {
      GraphNode n = graph.node(i);
      LeafOp op = LeafOp.values()[n.kind()];
      format[i] =
          switch (op) {
            case GATHER_ROWS -> format[n.in0()];
            case SEQUENCE_TOKENS -> INT;
            case ADAM_MOMENT2 -> Q032;
            case CONCAT_COLUMNS -> format[n.in1()] == Q032 ? PACKED : Q16;
            default -> Q16;
          };
    }
    for (int p = 0; p < graph.params(); p++) {
      format[p] = format[graph.node(p).in0()] == Q032 ? Q032 : Q16;
    }
  }

  /** Node {@code id}'s fixed-point tensor as real values in float32. */
  public FloatTensor of(int id, Tensor t) {
    FloatTensor out = FloatTensor.zeros(t.rows(), t.cols());
    int split = format[id] == PACKED ? graph.node(graph.node(id).in0()).cols() : t.cols();
    for (int r = 0; r < t.rows(); r++) {
      int[] row = t.row(r);
      for (int c = 0; c < t.cols(); c++) {
        out.set(r, c, (float) value(format[id], c < split, row[c]));
      }
    }
    return out;
  }

  private static double value(int format, boolean left, int raw) {
    return switch (format) {
      case INT -> raw;
      case Q032 -> raw / 4294967296.0;
      case PACKED -> left ? raw / 65536.0 : raw / 4294967296.0;
      default -> raw / 65536.0;
    };
  }
}
