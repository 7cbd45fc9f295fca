package io.tribunal.protocol.leaf;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.ops.BlockMatMul;
import io.tribunal.core.ops.BlockTranspose;
import io.tribunal.core.ops.CausalSoftmax;
import io.tribunal.core.ops.MergeHeads;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.ScaleBy;
import io.tribunal.core.ops.SoftmaxBackward;
import io.tribunal.core.ops.SplitHeads;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic random attention ops and well-formed inputs for the attention differential test:
 * context lengths from 1 to 64 (a few at 64, the realistic width), 1 to 8 heads, head widths that
 * cross the 8-element word boundary (up to 32), about 30% extreme values (int32 MIN/MAX, 0, +-1,
 * +-1.0), scores mostly within +-8.0 so the prefix softmax has many non-zero terms, and
 * probabilities that are real causal softmax rows most of the time.
 */
final class AttentionRandomInputs {
  private static final int[] EXTREMES = {
    Integer.MIN_VALUE,
    Integer.MAX_VALUE,
    Integer.MIN_VALUE + 1,
    Integer.MAX_VALUE - 1,
    0,
    1,
    -1,
    Fixed.ONE,
    -Fixed.ONE,
    Fixed.ONE / 2
  };

  /** round(2^16 / sqrt(dh)) for dh = 1, 2, 4, 8, 16, 32, 64. */
  private static final int[] TEMPERATURES = {65536, 46341, 32768, 23170, 16384, 11585, 8192};

  private final SplittableRandom r;

  AttentionRandomInputs(long seed) {
    this.r = new SplittableRandom(seed);
  }

  /** An op of the given attention kind with random attributes (one batch of cases shares them). */
  Op op(LeafOp kind, int batch) {
    int t = context(batch);
    return switch (kind) {
      case SPLIT_HEADS -> new SplitHeads(t, 1 + r.nextInt(8));
      case MERGE_HEADS -> new MergeHeads(t, 1 + r.nextInt(8), headDim());
      case BLOCK_MAT_MUL -> new BlockMatMul(t, r.nextInt(3) == 0 ? t : headDim());
      case BLOCK_TRANSPOSE -> new BlockTranspose(t, r.nextInt(3) == 0 ? t : headDim());
      case SCALE_BY -> new ScaleBy(factor(batch));
      case CAUSAL_SOFTMAX -> new CausalSoftmax(t);
      case SOFTMAX_BACKWARD -> new SoftmaxBackward();
      default -> throw new IllegalArgumentException("not an attention op: " + kind);
    };
  }

  private int context(int batch) {
    if (batch % 5 == 4) {
      return 64;
    }
    return batch % 5 == 0 ? 1 + r.nextInt(3) : 1 + r.nextInt(20);
  }

  private int headDim() {
    int pick = r.nextInt(10);
    if (pick == 0) {
      return 32;
    }
    return pick == 1 ? 16 : 1 + r.nextInt(12);
  }

  private int factor(int batch) {
    return switch (batch) {
      case 0 -> 0;
      case 1 -> Integer.MAX_VALUE;
      case 2 -> Fixed.ONE;
      default ->
          r.nextInt(3) == 0
              ? r.nextInt(Integer.MAX_VALUE)
              : TEMPERATURES[r.nextInt(TEMPERATURES.length)];
    };
  }

  /** Well-formed inputs for the op: 1 to 3 sequences (or groups), shapes its outputShape takes. */
  List<Tensor> inputs(Op op) {
    int count = 1 + r.nextInt(3);
    return switch (op) {
      case SplitHeads s -> List.of(tensor(count * s.context(), s.heads() * (1 + r.nextInt(6))));
      case MergeHeads m -> List.of(tensor(count * m.heads() * m.context(), m.headDim()));
      case BlockMatMul b -> {
        int inner = r.nextInt(50) == 0 ? 0 : width();
        yield List.of(tensor(count * b.blockRows(), inner), tensor(count * b.blockCols(), inner));
      }
      case BlockTranspose b -> List.of(tensor(count * b.blockRows(), b.width()));
      case ScaleBy s -> List.of(tensor(count, width()));
      case CausalSoftmax c -> List.of(scores(count * c.context(), c.context()));
      case SoftmaxBackward s -> {
        int t = 1 + r.nextInt(r.nextInt(4) == 0 ? 64 : 16);
        Tensor p =
            r.nextInt(10) < 7
                ? new CausalSoftmax(t).compute(List.of(scores(count * t, t)), Parallel.serial())
                : tensor(count * t, t);
        yield List.of(p, r.nextBoolean() ? scores(count * t, t) : tensor(count * t, t));
      }
      default -> throw new IllegalArgumentException("not an attention op: " + op.name());
    };
  }

  /**
   * A random output element evaluated in Java over its declared rows. For the softmax ops three
   * positions in four sit on the unmasked part (column at most the query row mod T).
   */
  ElementCase element(Op op, List<Tensor> inputs) {
    Shape out = op.outputShape(Op.shapes(inputs));
    int row = r.nextInt(out.rows());
    int col = r.nextInt(out.cols());
    boolean softmax = op instanceof CausalSoftmax || op instanceof SoftmaxBackward;
    if (softmax && r.nextInt(4) != 0) {
      col = r.nextInt(row % out.cols() + 1);
    }
    return ElementCase.at(op, inputs, row, col);
  }

  private int width() {
    int pick = r.nextInt(100);
    if (pick < 5) {
      return 64;
    }
    return pick < 60 ? 1 + r.nextInt(10) : 1 + r.nextInt(40);
  }

  private Tensor tensor(int rows, int cols) {
    int[][] t = new int[rows][cols];
    for (int[] row : t) {
      for (int j = 0; j < cols; j++) {
        row[j] = value();
      }
    }
    return Tensor.wrap(cols, t);
  }

  /** Scores within +-8.0 mostly, some extremes and arbitrary values. */
  private Tensor scores(int rows, int cols) {
    int[][] t = new int[rows][cols];
    for (int[] row : t) {
      for (int j = 0; j < cols; j++) {
        row[j] = r.nextInt(5) == 0 ? value() : r.nextInt(-8 * Fixed.ONE, 8 * Fixed.ONE);
      }
    }
    return Tensor.wrap(cols, t);
  }

  private int value() {
    int pick = r.nextInt(10);
    if (pick < 3) {
      return EXTREMES[r.nextInt(EXTREMES.length)];
    }
    return pick < 6 ? r.nextInt(-(1 << 20), 1 << 20) : r.nextInt();
  }
}
