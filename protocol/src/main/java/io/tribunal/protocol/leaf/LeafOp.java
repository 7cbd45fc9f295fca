package io.tribunal.protocol.leaf;

import io.tribunal.core.ops.AdamMoment1;
import io.tribunal.core.ops.AdamMoment2;
import io.tribunal.core.ops.AdamWUpdate;
import io.tribunal.core.ops.Add;
import io.tribunal.core.ops.AddBias;
import io.tribunal.core.ops.AddPositions;
import io.tribunal.core.ops.ConcatColumns;
import io.tribunal.core.ops.GatherRows;
import io.tribunal.core.ops.MatMul;
import io.tribunal.core.ops.OneHot;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.PositionGrad;
import io.tribunal.core.ops.Relu;
import io.tribunal.core.ops.ReluBackward;
import io.tribunal.core.ops.RowSum;
import io.tribunal.core.ops.SgdUpdate;
import io.tribunal.core.ops.SoftmaxXentGrad;
import io.tribunal.core.ops.Transpose;

/**
 * The on-chain op index ({@code OpKind} in contracts/src/types/DisputeTypes.sol) of every core op.
 * The constant order IS the protocol: {@link #index()} is the ordinal, equal to the Solidity enum
 * value, and follows the {@code permits} order of core's sealed {@link Op}.
 */
public enum LeafOp {
  MAT_MUL,
  TRANSPOSE,
  ADD_BIAS,
  RELU,
  RELU_BACKWARD,
  SOFTMAX_XENT_GRAD,
  ROW_SUM,
  SGD_UPDATE,
  GATHER_ROWS,
  ONE_HOT,
  ADD_POSITIONS,
  POSITION_GRAD,
  ADD,
  ADAM_MOMENT1,
  ADAM_MOMENT2,
  CONCAT_COLUMNS,
  ADAMW_UPDATE;

  /** The uint8 the leaf evaluator takes. */
  public int index() {
    return ordinal();
  }

  /** The leaf op of a core op (exhaustive over the sealed interface). */
  public static LeafOp of(Op op) {
    return switch (op) {
      case MatMul m -> MAT_MUL;
      case Transpose t -> TRANSPOSE;
      case AddBias a -> ADD_BIAS;
      case Relu r -> RELU;
      case ReluBackward r -> RELU_BACKWARD;
      case SoftmaxXentGrad s -> SOFTMAX_XENT_GRAD;
      case RowSum r -> ROW_SUM;
      case SgdUpdate s -> SGD_UPDATE;
      case GatherRows g -> GATHER_ROWS;
      case OneHot o -> ONE_HOT;
      case AddPositions a -> ADD_POSITIONS;
      case PositionGrad p -> POSITION_GRAD;
      case Add a -> ADD;
      case AdamMoment1 a -> ADAM_MOMENT1;
      case AdamMoment2 a -> ADAM_MOMENT2;
      case ConcatColumns c -> CONCAT_COLUMNS;
      case AdamWUpdate a -> ADAMW_UPDATE;
    };
  }

  /** The eta argument of the evaluator: the op's step size for SGD, else 0. */
  public static long eta(Op op) {
    return op instanceof SgdUpdate s ? s.eta() : 0;
  }
}
