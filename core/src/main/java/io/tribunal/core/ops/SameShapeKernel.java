package io.tribunal.core.ops;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.function.IntBinaryOperator;

/** Shared shape check and row-parallel kernel of the element-wise two-input optimizer ops. */
final class SameShapeKernel {
  private SameShapeKernel() {}

  /** The common shape of two inputs, or IllegalArgumentException naming both. */
  static Shape requireSameShape(Op op, List<Shape> in, String what) {
    Op.requireArity(op, in);
    if (!in.get(0).equals(in.get(1))) {
      throw new IllegalArgumentException(
          op.name() + " needs " + what + " of one shape, got " + in.get(0) + " and " + in.get(1));
    }
    return in.get(0);
  }

  /** Y[r][c] = f(A[r][c], B[r][c]), split by rows. */
  static Tensor map(Tensor a, Tensor b, Parallel parallel, long costPerEntry, IntBinaryOperator f) {
    int[][] x = a.data();
    int[][] z = b.data();
    int[][] y = new int[a.rows()][a.cols()];
    parallel.forWork(
        a.rows(),
        costPerEntry * a.cols(),
        r -> {
          int[] xr = x[r];
          int[] zr = z[r];
          int[] yr = y[r];
          for (int c = 0; c < yr.length; c++) {
            yr[c] = f.applyAsInt(xr[c], zr[c]);
          }
        });
    return Tensor.wrap(a.cols(), y);
  }
}
