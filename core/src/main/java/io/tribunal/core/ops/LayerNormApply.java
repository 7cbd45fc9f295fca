package io.tribunal.core.ops;

import io.tribunal.core.fixed.FixedNorm;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Normalised rows: Y[r][c] = saturate(roundShift((X[r][c] - S[r][0]) * S[r][1], 16)) with S the R x
 * 2 statistics (mean, rstd) of {@link LayerNormStats} ({@link FixedNorm#normalize}). One element
 * reads row r of X and row r of S.
 */
public record LayerNormApply() implements Op {
  @Override
  public String name() {
    return "layer_norm_apply";
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    Shape x = in.get(0);
    Shape stats = in.get(1);
    if (stats.rows() != x.rows() || stats.cols() != 2) {
      throw new IllegalArgumentException(
          "layer_norm_apply needs " + x.rows() + "x2 statistics, got " + stats);
    }
    return x;
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] x = in.get(0).data();
    int[][] stats = in.get(1).data();
    int[][] y = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        out.cols(),
        r -> {
          int mean = stats[r][0];
          int rstd = stats[r][1];
          int[] xr = x[r];
          int[] yr = y[r];
          for (int c = 0; c < yr.length; c++) {
            yr[c] = FixedNorm.normalize(xr[c], mean, rstd);
          }
        });
    return Tensor.wrap(out.cols(), y);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    int[] stats = rows.row(1, row);
    return FixedNorm.normalize(rows.row(0, row)[col], stats[0], stats[1]);
  }
}
