package io.tribunal.core.ops;

import io.tribunal.core.fixed.FixedNorm;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Layer-norm input gradient dX[r][c] = rstd_r * (g[r][c] - m1_r - xhat[r][c] * m2_r) with one
 * rounding ({@link FixedNorm#backward}). Its four operands come packed in two inputs so an element
 * reads one row of each: P = concat_columns(g, xhat) (R x 2d: g at column c, xhat at d + c) and T =
 * concat_columns(layer_norm_backward_stats, layer_norm_stats) (R x 4: m1, m2, mean, rstd; the mean
 * is not used). Output R x d.
 */
public record LayerNormBackward() implements Op {
  /** Columns of the packed statistics row (m1, m2, mean, rstd). */
  public static final int STATS_COLS = 4;

  @Override
  public String name() {
    return "layer_norm_backward";
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    Shape p = in.get(0);
    Shape t = in.get(1);
    if (p.cols() % 2 != 0) {
      throw new IllegalArgumentException(
          "layer_norm_backward needs (g | xhat) rows of even width, got " + p);
    }
    if (t.rows() != p.rows() || t.cols() != STATS_COLS) {
      throw new IllegalArgumentException(
          "layer_norm_backward needs " + p.rows() + "x4 packed statistics, got " + t);
    }
    return new Shape(p.rows(), p.cols() / 2);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] p = in.get(0).data();
    int[][] t = in.get(1).data();
    int d = out.cols();
    int[][] dx = new int[out.rows()][d];
    parallel.forWork(
        out.rows(),
        2L * d,
        r -> {
          int[] pr = p[r];
          int[] tr = t[r];
          int[] dr = dx[r];
          for (int c = 0; c < d; c++) {
            dr[c] = FixedNorm.backward(pr[c], pr[d + c], tr[0], tr[1], tr[3]);
          }
        });
    return Tensor.wrap(d, dx);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    int[] p = rows.row(0, row);
    int[] t = rows.row(1, row);
    int d = p.length / 2;
    return FixedNorm.backward(p[col], p[d + col], t[0], t[1], t[3]);
  }
}
