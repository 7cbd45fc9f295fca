package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * W'[i][j] = saturate(W[i][j] - roundShift(G[i][j] * eta, 24)), eta = lr / batch in Q8.24 (see
 * {@link Fixed#sgd}). Eta is a program constant, not a tensor.
 */
public record SgdUpdate(long eta) implements Op {
  /** Largest eta accepted: keeps G * eta inside int64. */
  public static final long MAX_ETA = Integer.MAX_VALUE;

  private static final long HALF = 1L << (Fixed.ETA_BITS - 1);

  public SgdUpdate {
    if (eta < 0 || eta > MAX_ETA) {
      throw new IllegalArgumentException("eta must be in [0, 2^31), got " + eta);
    }
  }

  @Override
  public String name() {
    return "sgd_update";
  }

  @Override
  public long[] attributes() {
    return new long[] {eta};
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    if (!in.get(0).equals(in.get(1))) {
      throw new IllegalArgumentException(
          "sgd_update needs parameter and gradient of equal shape, got "
              + in.get(0)
              + " and "
              + in.get(1));
    }
    return in.get(0);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] w = in.get(0).data();
    int[][] g = in.get(1).data();
    int[][] u = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        out.cols(),
        i -> {
          int[] wi = w[i];
          int[] gi = g[i];
          int[] ui = u[i];
          for (int j = 0; j < ui.length; j++) {
            long v = (long) wi[j] - ((gi[j] * eta + HALF) >> Fixed.ETA_BITS);
            ui[j] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
          }
        });
    return Tensor.wrap(out.cols(), u);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return Fixed.sgd(rows.row(0, row)[col], rows.row(1, row)[col], eta);
  }
}
