package io.tribunal.protocol.leaf;

import io.tribunal.core.ops.AdamMoment1;
import io.tribunal.core.ops.AdamMoment2;
import io.tribunal.core.ops.AdamWUpdate;
import io.tribunal.core.ops.Add;
import io.tribunal.core.ops.AddBias;
import io.tribunal.core.ops.AddChannelBias;
import io.tribunal.core.ops.AddPositions;
import io.tribunal.core.ops.AvgPool2d;
import io.tribunal.core.ops.AvgPool2dBackward;
import io.tribunal.core.ops.BlockMatMul;
import io.tribunal.core.ops.BlockTranspose;
import io.tribunal.core.ops.CausalSoftmax;
import io.tribunal.core.ops.ChannelsByRow;
import io.tribunal.core.ops.ConcatColumns;
import io.tribunal.core.ops.Conv2d;
import io.tribunal.core.ops.Conv2dInputGrad;
import io.tribunal.core.ops.Conv2dWeightGrad;
import io.tribunal.core.ops.GatherRows;
import io.tribunal.core.ops.Gelu;
import io.tribunal.core.ops.GeluBackward;
import io.tribunal.core.ops.LayerNormApply;
import io.tribunal.core.ops.LayerNormBackward;
import io.tribunal.core.ops.LayerNormBackwardStats;
import io.tribunal.core.ops.LayerNormStats;
import io.tribunal.core.ops.MatMul;
import io.tribunal.core.ops.MaxPool2d;
import io.tribunal.core.ops.MaxPool2dBackward;
import io.tribunal.core.ops.MergeHeads;
import io.tribunal.core.ops.MulColumn;
import io.tribunal.core.ops.MulElementwise;
import io.tribunal.core.ops.OneHot;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.PositionGrad;
import io.tribunal.core.ops.Relu;
import io.tribunal.core.ops.ReluBackward;
import io.tribunal.core.ops.RowSum;
import io.tribunal.core.ops.ScaleBy;
import io.tribunal.core.ops.SequenceTokens;
import io.tribunal.core.ops.SgdUpdate;
import io.tribunal.core.ops.SoftmaxBackward;
import io.tribunal.core.ops.SoftmaxXentGrad;
import io.tribunal.core.ops.SplitHeads;
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
  LAYER_NORM_STATS,
  LAYER_NORM_APPLY,
  MUL_COLUMN,
  LAYER_NORM_BACKWARD_STATS,
  LAYER_NORM_BACKWARD,
  CONCAT_COLUMNS,
  MUL_ELEMENTWISE,
  GELU,
  GELU_BACKWARD,
  SPLIT_HEADS,
  MERGE_HEADS,
  BLOCK_MAT_MUL,
  BLOCK_TRANSPOSE,
  SCALE_BY,
  CAUSAL_SOFTMAX,
  SOFTMAX_BACKWARD,
  CONV2D,
  CONV2D_INPUT_GRAD,
  CHANNELS_BY_ROW,
  CONV2D_WEIGHT_GRAD,
  ADD_CHANNEL_BIAS,
  MAX_POOL2D,
  MAX_POOL2D_BACKWARD,
  AVG_POOL2D,
  AVG_POOL2D_BACKWARD,
  ONE_HOT,
  ADD_POSITIONS,
  POSITION_GRAD,
  ADD,
  ADAM_MOMENT1,
  ADAM_MOMENT2,
  ADAMW_UPDATE,
  SEQUENCE_TOKENS;

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
      case LayerNormStats x -> LAYER_NORM_STATS;
      case LayerNormApply x -> LAYER_NORM_APPLY;
      case MulColumn x -> MUL_COLUMN;
      case LayerNormBackwardStats x -> LAYER_NORM_BACKWARD_STATS;
      case LayerNormBackward x -> LAYER_NORM_BACKWARD;
      case ConcatColumns x -> CONCAT_COLUMNS;
      case MulElementwise x -> MUL_ELEMENTWISE;
      case Gelu x -> GELU;
      case GeluBackward x -> GELU_BACKWARD;
      case SplitHeads s -> SPLIT_HEADS;
      case MergeHeads m -> MERGE_HEADS;
      case BlockMatMul b -> BLOCK_MAT_MUL;
      case BlockTranspose b -> BLOCK_TRANSPOSE;
      case ScaleBy s -> SCALE_BY;
      case CausalSoftmax c -> CAUSAL_SOFTMAX;
      case SoftmaxBackward s -> SOFTMAX_BACKWARD;
      case Conv2d c -> CONV2D;
      case Conv2dInputGrad c -> CONV2D_INPUT_GRAD;
      case ChannelsByRow c -> CHANNELS_BY_ROW;
      case Conv2dWeightGrad c -> CONV2D_WEIGHT_GRAD;
      case AddChannelBias a -> ADD_CHANNEL_BIAS;
      case MaxPool2d m -> MAX_POOL2D;
      case MaxPool2dBackward m -> MAX_POOL2D_BACKWARD;
      case AvgPool2d a -> AVG_POOL2D;
      case AvgPool2dBackward a -> AVG_POOL2D_BACKWARD;
      case OneHot o -> ONE_HOT;
      case AddPositions a -> ADD_POSITIONS;
      case PositionGrad p -> POSITION_GRAD;
      case Add a -> ADD;
      case AdamMoment1 a -> ADAM_MOMENT1;
      case AdamMoment2 a -> ADAM_MOMENT2;
      case AdamWUpdate a -> ADAMW_UPDATE;
      case SequenceTokens s -> SEQUENCE_TOKENS;
    };
  }

  /** The eta argument of the evaluator: the op's step size for SGD, else 0. */
  public static long eta(Op op) {
    return op instanceof SgdUpdate s ? s.eta() : 0;
  }
}
