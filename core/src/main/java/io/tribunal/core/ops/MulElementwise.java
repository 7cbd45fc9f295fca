package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/** Element-wise product Y[r][c] = mul(A[r][c], B[r][c]) of two tensors of one shape. */
public record MulElementwise() implements Op {
  @Override
  public String name() {
    return "mul_elementwise";
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
          "mul_elementwise needs equal shapes, got " + in.get(0) + " and " + in.get(1));
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
            yr[c] = Fixed.mul(ar[c], br[c]);
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
    return Fixed.mul(rows.row(0, row)[col], rows.row(1, row)[col]);
  }
}
