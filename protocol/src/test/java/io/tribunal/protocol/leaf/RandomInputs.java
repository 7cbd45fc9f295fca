package io.tribunal.protocol.leaf;

import io.tribunal.core.fixed.Fixed;
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
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic random ops and well-formed inputs for the differential test: a third of the values
 * are extremes (int32 MIN/MAX, 0, ±1, ±1.0), the rest small or arbitrary int32s; widths cross the
 * 8-element word boundary and now and then reach 784 (the widest MNIST layer).
 */
final class RandomInputs {
  static final int GATHER_SOURCE_ROWS = 8;

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

  private final SplittableRandom r;

  RandomInputs(long seed) {
    this.r = new SplittableRandom(seed);
  }

  /** An op of the given kind with random constants (SGD step size, gather indices). */
  Op op(LeafOp kind, int batch) {
    return switch (kind) {
      case MAT_MUL -> new MatMul();
      case TRANSPOSE -> new Transpose();
      case ADD_BIAS -> new AddBias();
      case RELU -> new Relu();
      case RELU_BACKWARD -> new ReluBackward();
      case SOFTMAX_XENT_GRAD -> new SoftmaxXentGrad();
      case ROW_SUM -> new RowSum();
      case SGD_UPDATE -> new SgdUpdate(eta(batch));
      case GATHER_ROWS -> new GatherRows(r.ints(1 + r.nextInt(4), 0, GATHER_SOURCE_ROWS).toArray());
      default -> throw new IllegalArgumentException("not an MLP op: " + kind);
    };
  }

  private long eta(int batch) {
    return switch (batch) {
      case 0 -> 0;
      case 1 -> SgdUpdate.MAX_ETA;
      case 2 -> 52429; // lr 0.1, batch 32
      default -> r.nextLong(SgdUpdate.MAX_ETA + 1);
    };
  }

  /** Well-formed inputs for the op (shapes its outputShape accepts). */
  List<Tensor> inputs(Op op) {
    int m = 1 + r.nextInt(3);
    int k = width();
    return switch (op) {
      case MatMul x -> List.of(tensor(m, k), tensor(1 + r.nextInt(3), k));
      case Transpose x -> List.of(tensor(m, k));
      case AddBias x -> List.of(tensor(m, k), tensor(k, 1));
      case Relu x -> List.of(tensor(m, k));
      case ReluBackward x -> List.of(tensor(m, k), tensor(m, k));
      case SoftmaxXentGrad x -> {
        int classes = 1 + r.nextInt(12);
        yield List.of(logits(m, classes), labels(m, classes));
      }
      case RowSum x -> List.of(tensor(m, k));
      case SgdUpdate x -> List.of(tensor(m, k), tensor(m, k));
      case GatherRows x -> List.of(tensor(GATHER_SOURCE_ROWS, k));
      default -> throw new IllegalArgumentException("not an MLP op: " + op.name());
    };
  }

  int nextInt(int bound) {
    return r.nextInt(bound);
  }

  long nextLong(long bound) {
    return r.nextLong(bound);
  }

  private int width() {
    int pick = r.nextInt(100);
    if (pick < 3) {
      return 784;
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

  int value() {
    int pick = r.nextInt(10);
    if (pick < 3) {
      return EXTREMES[r.nextInt(EXTREMES.length)];
    }
    return pick < 6 ? r.nextInt(-(1 << 20), 1 << 20) : r.nextInt();
  }

  /** Logits mostly within ±16.0 so several exp terms are non-zero; some extremes. */
  private Tensor logits(int rows, int classes) {
    int[][] t = new int[rows][classes];
    for (int[] row : t) {
      for (int j = 0; j < classes; j++) {
        row[j] = r.nextInt(5) == 0 ? value() : r.nextInt(-16 * Fixed.ONE, 16 * Fixed.ONE);
      }
    }
    return Tensor.wrap(classes, t);
  }

  /** Labels in [0, classes) mostly; sometimes outside (which matches no class). */
  private Tensor labels(int rows, int classes) {
    int[][] t = new int[rows][1];
    for (int[] row : t) {
      int pick = r.nextInt(10);
      row[0] = pick < 8 ? r.nextInt(classes) : (pick == 8 ? classes : value());
    }
    return Tensor.wrap(1, t);
  }
}
