package io.tribunal.protocol.graph;

import io.tribunal.core.ops.AddBias;
import io.tribunal.core.ops.GatherRows;
import io.tribunal.core.ops.MatMul;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.Relu;
import io.tribunal.core.ops.ReluBackward;
import io.tribunal.core.ops.RowSum;
import io.tribunal.core.ops.SgdUpdate;
import io.tribunal.core.ops.SoftmaxXentGrad;
import io.tribunal.core.ops.Transpose;
import io.tribunal.protocol.leaf.LeafOp;

/**
 * Rebuilds a core {@link Op} from an op node's kind and attributes, the inverse of {@link
 * Op#attributes()}. A gather's batch indices are not in the graph (the chain derives them from the
 * seed and the step): the caller passes the step's indices, or zeros when it only checks shapes.
 */
public final class OpCodec {
  private OpCodec() {}

  /** The op of a node; a gather takes {@code gatherIndices}, other ops ignore them. */
  public static Op decode(LeafOp kind, long[] attrs, int[] gatherIndices) {
    return switch (kind) {
      case MAT_MUL -> none(kind, attrs, new MatMul());
      case TRANSPOSE -> none(kind, attrs, new Transpose());
      case ADD_BIAS -> none(kind, attrs, new AddBias());
      case RELU -> none(kind, attrs, new Relu());
      case RELU_BACKWARD -> none(kind, attrs, new ReluBackward());
      case SOFTMAX_XENT_GRAD -> none(kind, attrs, new SoftmaxXentGrad());
      case ROW_SUM -> none(kind, attrs, new RowSum());
      case SGD_UPDATE -> new SgdUpdate(single(kind, attrs));
      case GATHER_ROWS -> none(kind, attrs, new GatherRows(gatherIndices));
      default ->
          throw new IllegalArgumentException("op " + describe(kind) + " has no graph decoder yet");
    };
  }

  private static Op none(LeafOp kind, long[] attrs, Op op) {
    if (attrs.length != 0) {
      throw new IllegalArgumentException(
          describe(kind) + " takes no attributes, got " + attrs.length);
    }
    return op;
  }

  private static long single(LeafOp kind, long[] attrs) {
    if (attrs.length != 1) {
      throw new IllegalArgumentException(
          describe(kind) + " takes 1 attribute, got " + attrs.length);
    }
    return attrs[0];
  }

  private static String describe(LeafOp kind) {
    return NodeKind.describe(kind.index());
  }
}
