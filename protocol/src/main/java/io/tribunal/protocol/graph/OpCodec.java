package io.tribunal.protocol.graph;

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
import io.tribunal.core.ops.ConvGeometry;
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
import io.tribunal.core.ops.PoolGeometry;
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
import io.tribunal.protocol.leaf.LeafOp;

/**
 * Rebuilds a core {@link Op} from an op node's kind and attributes, the inverse of {@link
 * Op#attributes()}. Two constants are not in the graph because the chain derives them per step: a
 * gather's batch indices (from the seed and the step) and AdamW's step number, whose node carries
 * the six schedule constants and gets the step here. Wrong attribute counts or values are
 * IllegalArgumentExceptions naming the op.
 */
public final class OpCodec {
  private OpCodec() {}

  /** The constants a step supplies: the batch's indices and the step number. */
  public record StepContext(int[] gatherIndices, long step) {
    /** Placeholder constants of the right sizes, for shape checks. */
    public static StepContext shapes(int gatherRows) {
      return new StepContext(new int[gatherRows], 0);
    }
  }

  /** The op of a node in a step. */
  public static Op decode(LeafOp kind, long[] a, StepContext step) {
    return switch (kind) {
      case MAT_MUL -> count(kind, a, 0, new MatMul());
      case TRANSPOSE -> count(kind, a, 0, new Transpose());
      case ADD_BIAS -> count(kind, a, 0, new AddBias());
      case RELU -> count(kind, a, 0, new Relu());
      case RELU_BACKWARD -> count(kind, a, 0, new ReluBackward());
      case SOFTMAX_XENT_GRAD -> count(kind, a, 0, new SoftmaxXentGrad());
      case ROW_SUM -> count(kind, a, 0, new RowSum());
      case SGD_UPDATE -> new SgdUpdate(count(kind, a, 1, a)[0]);
      case GATHER_ROWS -> count(kind, a, 0, new GatherRows(step.gatherIndices()));
      case CONV2D -> new Conv2d(conv(kind, a));
      case CONV2D_INPUT_GRAD -> new Conv2dInputGrad(conv(kind, a));
      case CHANNELS_BY_ROW -> new ChannelsByRow(i(kind, a, 2, 0), i(kind, a, 2, 1));
      case CONV2D_WEIGHT_GRAD -> new Conv2dWeightGrad(conv(kind, a));
      case ADD_CHANNEL_BIAS -> new AddChannelBias(i(kind, a, 2, 0), i(kind, a, 2, 1));
      case MAX_POOL2D -> new MaxPool2d(pool(kind, a));
      case MAX_POOL2D_BACKWARD -> new MaxPool2dBackward(pool(kind, a));
      case AVG_POOL2D -> new AvgPool2d(pool(kind, a));
      case AVG_POOL2D_BACKWARD -> new AvgPool2dBackward(pool(kind, a));
      case LAYER_NORM_STATS -> new LayerNormStats(count(kind, a, 1, a)[0]);
      case LAYER_NORM_APPLY -> count(kind, a, 0, new LayerNormApply());
      case MUL_COLUMN -> count(kind, a, 0, new MulColumn());
      case LAYER_NORM_BACKWARD_STATS -> count(kind, a, 0, new LayerNormBackwardStats());
      case LAYER_NORM_BACKWARD -> count(kind, a, 0, new LayerNormBackward());
      case CONCAT_COLUMNS -> count(kind, a, 0, new ConcatColumns());
      case MUL_ELEMENTWISE -> count(kind, a, 0, new MulElementwise());
      case GELU -> count(kind, a, 0, new Gelu());
      case GELU_BACKWARD -> count(kind, a, 0, new GeluBackward());
      case SPLIT_HEADS -> new SplitHeads(i(kind, a, 2, 0), i(kind, a, 2, 1));
      case MERGE_HEADS -> new MergeHeads(i(kind, a, 3, 0), i(kind, a, 3, 1), i(kind, a, 3, 2));
      case BLOCK_MAT_MUL -> new BlockMatMul(i(kind, a, 2, 0), i(kind, a, 2, 1));
      case BLOCK_TRANSPOSE -> new BlockTranspose(i(kind, a, 2, 0), i(kind, a, 2, 1));
      case SCALE_BY -> new ScaleBy(i(kind, a, 1, 0));
      case CAUSAL_SOFTMAX -> new CausalSoftmax(i(kind, a, 1, 0));
      case SOFTMAX_BACKWARD -> count(kind, a, 0, new SoftmaxBackward());
      case ONE_HOT -> new OneHot(count(kind, a, 1, a)[0]);
      case ADD_POSITIONS -> new AddPositions(count(kind, a, 1, a)[0]);
      case POSITION_GRAD -> new PositionGrad(count(kind, a, 1, a)[0]);
      case ADD -> count(kind, a, 0, new Add());
      case ADAM_MOMENT1 -> new AdamMoment1(count(kind, a, 1, a)[0]);
      case ADAM_MOMENT2 -> new AdamMoment2(count(kind, a, 1, a)[0]);
      case SEQUENCE_TOKENS -> new SequenceTokens(i(kind, a, 2, 0), i(kind, a, 2, 1));
      case ADAMW_UPDATE -> {
        count(kind, a, 6, a);
        yield new AdamWUpdate(a[0], a[1], a[2], a[3], a[4], a[5], step.step());
      }
    };
  }

  /** The attributes a node stores for {@code op}: all of them, but AdamW's step. */
  public static long[] attributes(Op op) {
    long[] all = op.attributes();
    return op instanceof AdamWUpdate ? java.util.Arrays.copyOf(all, 6) : all;
  }

  private static ConvGeometry conv(LeafOp kind, long[] a) {
    count(kind, a, 7, a);
    return new ConvGeometry(
        i(kind, a, 7, 0),
        i(kind, a, 7, 1),
        i(kind, a, 7, 2),
        i(kind, a, 7, 3),
        i(kind, a, 7, 4),
        i(kind, a, 7, 5),
        i(kind, a, 7, 6));
  }

  private static PoolGeometry pool(LeafOp kind, long[] a) {
    return new PoolGeometry(
        i(kind, a, 5, 0), i(kind, a, 5, 1), i(kind, a, 5, 2), i(kind, a, 5, 3), i(kind, a, 5, 4));
  }

  private static int i(LeafOp kind, long[] a, int expected, int index) {
    count(kind, a, expected, a);
    if (a[index] > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          describe(kind) + " attribute " + index + " must fit 31 bits, got " + a[index]);
    }
    return (int) a[index];
  }

  private static <T> T count(LeafOp kind, long[] attrs, int expected, T result) {
    if (attrs.length != expected) {
      throw new IllegalArgumentException(
          describe(kind) + " takes " + expected + " attribute(s), got " + attrs.length);
    }
    return result;
  }

  private static String describe(LeafOp kind) {
    return NodeKind.describe(kind.index());
  }
}
