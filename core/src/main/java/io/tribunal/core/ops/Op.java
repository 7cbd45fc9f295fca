package io.tribunal.core.ops;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * A primitive operation of a training step. The closed set is what the on-chain leaf evaluator
 * implements.
 *
 * <p>Invariant: for every valid input and every output position (r, c), {@code element(r, c, rows)}
 * given exactly the rows listed by {@code dependencies(r, c, shapes)} equals {@code
 * compute(inputs).get(r, c)}, at any thread count. The dependency list is bounded by the op's shape
 * parameters (at most two rows), never by the tensor sizes.
 */
public sealed interface Op
    permits MatMul,
        Transpose,
        AddBias,
        Relu,
        ReluBackward,
        SoftmaxXentGrad,
        RowSum,
        SgdUpdate,
        GatherRows,
        LayerNormStats,
        LayerNormApply,
        MulColumn,
        LayerNormBackwardStats,
        LayerNormBackward,
        ConcatColumns,
        MulElementwise,
        Gelu,
        GeluBackward,
        SplitHeads,
        MergeHeads,
        BlockMatMul,
        BlockTranspose,
        ScaleBy,
        CausalSoftmax,
        SoftmaxBackward,
        Conv2d,
        Conv2dInputGrad,
        ChannelsByRow,
        Conv2dWeightGrad,
        AddChannelBias,
        MaxPool2d,
        MaxPool2dBackward,
        AvgPool2d,
        AvgPool2dBackward,
        OneHot,
        AddPositions,
        PositionGrad,
        Add,
        AdamMoment1,
        AdamMoment2,
        AdamWUpdate,
        SequenceTokens {

  /** Stable identifier used in op traces, docs and test vectors. */
  String name();

  /** Number of input tensors. */
  int arity();

  /** Output shape, or IllegalArgumentException naming the mismatch. */
  Shape outputShape(List<Shape> inputs);

  /** The whole output tensor. */
  Tensor compute(List<Tensor> inputs, Parallel parallel);

  /** Input rows that element (row, col) depends on. */
  List<RowRef> dependencies(int row, int col, List<Shape> inputs);

  /** Recomputes output element (row, col) from the declared rows only. */
  int element(int row, int col, RowSource rows);

  /**
   * The op's constants as they appear in its committed descriptor (step sizes, kernel sizes,
   * strides, heads, epsilons, schedule constants), in the op's documented order. Constants the
   * chain derives itself (a gather's batch indices come from the seed and the step) are not listed.
   */
  default long[] attributes() {
    return new long[0];
  }

  /** Checks the number of inputs; shared by implementations. */
  static void requireArity(Op op, List<?> inputs) {
    if (inputs.size() != op.arity()) {
      throw new IllegalArgumentException(
          op.name() + " takes " + op.arity() + " inputs, got " + inputs.size());
    }
  }

  /** Shapes of the given tensors. */
  static List<Shape> shapes(List<Tensor> inputs) {
    return inputs.stream().map(Tensor::shape).toList();
  }
}
