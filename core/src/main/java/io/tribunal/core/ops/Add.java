package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * {@code add}: the residual connection Y[r][c] = add(A[r][c], B[r][c]) of two tensors of one shape.
 * One element reads row r of each. Its backward passes dY to both inputs unchanged (no op), and two
 * gradients reaching one tensor are summed with {@code add} again.
 */
public record Add() implements Op {
  @Override
  public String name() {
    return "add";
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
          "add needs two tensors of one shape, got " + in.get(0) + " and " + in.get(1));
    }
    return in.get(0);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] a = in.get(0).data();
    int[][] b = in.get(1).data();
    int[][] y = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        out.cols(),
        r -> {
          int[] ar = a[r];
          int[] br = b[r];
          int[] yr = y[r];
          for (int c = 0; c < yr.length; c++) {
            yr[c] = Fixed.add(ar[c], br[c]);
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
    return Fixed.add(rows.row(0, row)[col], rows.row(1, row)[col]);
  }
}
