package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Per-column gain: Y[r][c] = mul(X[r][c], gamma[c][0]) with gamma a d x 1 column vector (like a
 * bias), so one element reads row r of X and the one-entry row c of gamma.
 */
public record MulColumn() implements Op {
  @Override
  public String name() {
    return "mul_column";
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    Shape x = in.get(0);
    Shape gamma = in.get(1);
    if (gamma.cols() != 1 || gamma.rows() != x.cols()) {
      throw new IllegalArgumentException(
          "mul_column needs a " + x.cols() + "x1 gain, got " + gamma);
    }
    return x;
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] x = in.get(0).data();
    int[] gamma = new int[out.cols()];
    for (int c = 0; c < gamma.length; c++) {
      gamma[c] = in.get(1).get(c, 0);
    }
    int[][] y = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        out.cols(),
        r -> {
          int[] xr = x[r];
          int[] yr = y[r];
          for (int c = 0; c < yr.length; c++) {
            yr[c] = Fixed.mul(xr[c], gamma[c]);
          }
        });
    return Tensor.wrap(out.cols(), y);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, col));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return Fixed.mul(rows.row(0, row)[col], rows.row(1, col)[0]);
  }
}
