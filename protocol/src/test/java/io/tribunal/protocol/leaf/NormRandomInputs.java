package io.tribunal.protocol.leaf;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.fixed.FixedNorm;
import io.tribunal.core.ops.ConcatColumns;
import io.tribunal.core.ops.Gelu;
import io.tribunal.core.ops.GeluBackward;
import io.tribunal.core.ops.LayerNormApply;
import io.tribunal.core.ops.LayerNormBackward;
import io.tribunal.core.ops.LayerNormBackwardStats;
import io.tribunal.core.ops.LayerNormStats;
import io.tribunal.core.ops.MulColumn;
import io.tribunal.core.ops.MulElementwise;
import io.tribunal.core.ops.Op;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic random layer-norm and GELU ops and well-formed inputs for the differential test:
 * about 30% of the values are extremes (int32 MIN/MAX, 0, ±1, ±1.0, ±8.0 the GELU clamp), the rest
 * within ±16.0 or arbitrary int32s; widths cross the 8-element word and now and then reach 64, 128
 * or 768. Statistics inputs are half the time the real statistics of the data (a layer-norm chain)
 * and half the time arbitrary rows.
 */
final class NormRandomInputs {
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
    8 * Fixed.ONE,
    -8 * Fixed.ONE
  };

  private static final int[] WIDE = {64, 128, 768};

  private final SplittableRandom r;

  NormRandomInputs(long seed) {
    this.r = new SplittableRandom(seed);
  }

  /** An op of the given kind; layer_norm_stats gets an epsilon that varies by batch. */
  Op op(LeafOp kind, int batch) {
    return switch (kind) {
      case LAYER_NORM_STATS -> new LayerNormStats(eps(batch));
      case LAYER_NORM_APPLY -> new LayerNormApply();
      case MUL_COLUMN -> new MulColumn();
      case LAYER_NORM_BACKWARD_STATS -> new LayerNormBackwardStats();
      case LAYER_NORM_BACKWARD -> new LayerNormBackward();
      case CONCAT_COLUMNS -> new ConcatColumns();
      case MUL_ELEMENTWISE -> new MulElementwise();
      case GELU -> new Gelu();
      case GELU_BACKWARD -> new GeluBackward();
      default -> throw new IllegalArgumentException("not a normalisation op: " + kind);
    };
  }

  private long eps(int batch) {
    return switch (batch) {
      case 0 -> FixedNorm.MIN_EPS;
      case 1 -> FixedNorm.MAX_EPS;
      case 2 -> 655; // ~1e-2
      case 3 -> Fixed.ONE;
      default -> 1 + r.nextLong(FixedNorm.MAX_EPS);
    };
  }

  /** Well-formed inputs for the op (shapes its outputShape accepts). */
  List<Tensor> inputs(Op op) {
    int m = 1 + r.nextInt(3);
    int d = width();
    return switch (op) {
      case LayerNormStats x -> List.of(tensor(m, d));
      case LayerNormApply x -> {
        Tensor data = tensor(m, d);
        yield List.of(data, r.nextBoolean() ? stats(data) : tensor(m, 2));
      }
      case MulColumn x -> List.of(tensor(m, d), tensor(d, 1));
      case LayerNormBackwardStats x -> List.of(tensor(m, d), tensor(m, d));
      case LayerNormBackward x -> backwardInputs(m, d);
      case ConcatColumns x -> {
        int p = r.nextInt(5) == 0 ? 0 : d;
        int q = p == 0 ? 1 + r.nextInt(9) : r.nextInt(10);
        yield List.of(tensor(m, p), tensor(m, q));
      }
      case MulElementwise x -> List.of(tensor(m, d), tensor(m, d));
      case Gelu x -> List.of(tensor(m, d));
      case GeluBackward x -> List.of(tensor(m, d), tensor(m, d));
      default -> throw new IllegalArgumentException("not a normalisation op: " + op.name());
    };
  }

  /** (g | xhat) and (m1, m2, mean, rstd): from a real chain half the time, else arbitrary. */
  private List<Tensor> backwardInputs(int m, int d) {
    if (r.nextBoolean()) {
      return List.of(tensor(m, 2 * d), tensor(m, 4));
    }
    Tensor x = tensor(m, d);
    Tensor stats = stats(x);
    Tensor xhat = new LayerNormApply().compute(List.of(x, stats), Parallel.serial());
    Tensor g = tensor(m, d);
    Tensor b = new LayerNormBackwardStats().compute(List.of(g, xhat), Parallel.serial());
    ConcatColumns concat = new ConcatColumns();
    return List.of(
        concat.compute(List.of(g, xhat), Parallel.serial()),
        concat.compute(List.of(b, stats), Parallel.serial()));
  }

  private Tensor stats(Tensor x) {
    return new LayerNormStats(1 + r.nextInt(Fixed.ONE)).compute(List.of(x), Parallel.serial());
  }

  int nextInt(int bound) {
    return r.nextInt(bound);
  }

  private int width() {
    int pick = r.nextInt(100);
    if (pick < 2) {
      return WIDE[r.nextInt(WIDE.length)];
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
    return pick < 7 ? r.nextInt(-16 * Fixed.ONE, 16 * Fixed.ONE) : r.nextInt();
  }
}
