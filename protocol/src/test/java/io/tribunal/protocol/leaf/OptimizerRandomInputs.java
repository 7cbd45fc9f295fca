package io.tribunal.protocol.leaf;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.fixed.FixedAdam;
import io.tribunal.core.ops.AdamMoment1;
import io.tribunal.core.ops.AdamMoment2;
import io.tribunal.core.ops.AdamWUpdate;
import io.tribunal.core.ops.Add;
import io.tribunal.core.ops.AddPositions;
import io.tribunal.core.ops.ConcatColumns;
import io.tribunal.core.ops.OneHot;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.PositionGrad;
import io.tribunal.core.ops.SequenceTokens;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic random optimizer-family ops (embedding, residual add, AdamW) and well-formed inputs
 * for the differential test: about 30% of the values are extremes (int32 MIN/MAX, 0, ±1, ±1.0),
 * widths cross the 8-element word boundary and now and then reach 768 (a transformer's d), and the
 * attributes cover their whole ranges (AdamW at step 0, inside and after warm-up, 2^20, 2^32 - 1).
 */
final class OptimizerRandomInputs {
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
  private static final long[] BETAS = {0, 1, 58982, 65470, 65535, 65536, 32768};
  private static final long[] STEPS = {0, 3, 99, 100, 5000, 1 << 20, FixedAdam.MAX_STEP};

  private final SplittableRandom r;

  OptimizerRandomInputs(long seed) {
    this.r = new SplittableRandom(seed);
  }

  /** An op of the given kind with random attributes; batch selects edge attributes first. */
  Op op(LeafOp kind, int batch) {
    return switch (kind) {
      case ONE_HOT ->
          new OneHot(batch < 3 ? 1 + batch : 1 + r.nextInt(batch % 4 == 0 ? 50_257 : 40));
      case ADD_POSITIONS -> new AddPositions(1 + r.nextInt(8));
      case POSITION_GRAD -> new PositionGrad(1 + r.nextInt(batch % 5 == 0 ? 256 : 8));
      case ADD -> new Add();
      case ADAM_MOMENT1 -> new AdamMoment1(beta(batch));
      case ADAM_MOMENT2 -> new AdamMoment2(beta(batch));
      case CONCAT_COLUMNS -> new ConcatColumns();
      case ADAMW_UPDATE -> adamW(batch);
      case SEQUENCE_TOKENS ->
          new SequenceTokens(1 + r.nextInt(batch % 5 == 0 ? 64 : 8), r.nextInt(2));
      default -> throw new IllegalArgumentException("not an optimizer-family op: " + kind);
    };
  }

  private long beta(int batch) {
    return batch < BETAS.length ? BETAS[batch] : r.nextLong(FixedAdam.BETA_ONE + 1);
  }

  private AdamWUpdate adamW(int batch) {
    long step = batch < STEPS.length ? STEPS[batch] : r.nextLong(1L << (1 + r.nextInt(32)));
    if (batch % 3 == 0) { // the realistic setting: lr 1e-3, warm-up 100, 0.9, 0.999, 1e-5, 0.1
      return new AdamWUpdate(16777, 100, 58982, 65470, 168, 6554, step);
    }
    return new AdamWUpdate(
        batch % 4 == 1 ? FixedAdam.MAX_LR : r.nextLong(1 << 24),
        batch % 5 == 2 ? FixedAdam.MAX_WARMUP : 1 + r.nextLong(200),
        batch % 4 == 2 ? FixedAdam.BETA_ONE - 1 : r.nextLong(FixedAdam.BETA_ONE),
        batch % 4 == 3 ? FixedAdam.BETA_ONE - 1 : r.nextLong(FixedAdam.BETA_ONE),
        batch % 5 == 1 ? 1 : 1 + r.nextLong(batch % 2 == 0 ? 1 << 12 : FixedAdam.MAX_LR),
        batch % 6 == 5 ? FixedAdam.MAX_WD : r.nextLong(FixedAdam.MAX_WD),
        step);
  }

  /** Well-formed inputs for the op (shapes its outputShape accepts). */
  List<Tensor> inputs(Op op) {
    int m = 1 + r.nextInt(3);
    int k = width();
    return switch (op) {
      case OneHot o -> List.of(ids(m, (int) o.vocabulary()));
      case AddPositions a -> {
        int t = (int) a.positions();
        yield List.of(tensor(t * (1 + r.nextInt(3)), k), tensor(t, k));
      }
      case PositionGrad p -> List.of(tensor(m, (int) p.positions() * (1 + r.nextInt(8))));
      case Add a -> List.of(tensor(m, k), tensor(m, k));
      case AdamMoment1 a -> List.of(tensor(m, k), tensor(m, k));
      case AdamMoment2 a -> List.of(tensor(m, k), tensor(m, k));
      case ConcatColumns c -> List.of(tensor(m, r.nextInt(5) == 0 ? 0 : k), tensor(m, width()));
      case AdamWUpdate a -> List.of(tensor(m, k), moments(m, k));
      case SequenceTokens s -> List.of(tensor(m, s.context() + s.offset() + r.nextInt(3)));
      default -> throw new IllegalArgumentException("not an optimizer-family op: " + op.name());
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
      return 768;
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

  /** concat_columns(m, v): half the time a plausible state (v >= 0, |m| moderate). */
  private Tensor moments(int rows, int cols) {
    boolean plausible = r.nextBoolean();
    int[][] t = new int[rows][2 * cols];
    for (int[] row : t) {
      for (int j = 0; j < cols; j++) {
        row[j] = plausible ? r.nextInt(-(1 << 18), 1 << 18) : value();
        row[cols + j] = plausible ? r.nextInt(1 << (1 + r.nextInt(30))) : value();
      }
    }
    return Tensor.wrap(2 * cols, t);
  }

  /** Token ids mostly inside [0, V), some just outside, some extremes. */
  private Tensor ids(int rows, int vocabulary) {
    int[][] t = new int[rows][1];
    for (int[] row : t) {
      int pick = r.nextInt(10);
      row[0] =
          pick < 7 ? r.nextInt(vocabulary) : pick < 9 ? vocabulary - 2 + r.nextInt(4) : value();
    }
    return Tensor.wrap(1, t);
  }

  int value() {
    int pick = r.nextInt(10);
    if (pick < 3) {
      return EXTREMES[r.nextInt(EXTREMES.length)];
    }
    return pick < 6 ? r.nextInt(-(1 << 20), 1 << 20) : r.nextInt();
  }
}
