package io.tribunal.core.ops;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;

/**
 * Shared shape check and row-parallel kernels of the element-wise ops: Y[r][c] = f(X[r][c]) of one
 * input, or Y[r][c] = f(A[r][c], B[r][c]) of two inputs of one shape.
 */
final class SameShapeKernel {
  private SameShapeKernel() {}

  /**
   * The common shape of two inputs, or IllegalArgumentException "{@code <op> needs <requirement>,
   * got <A> and <B>}".
   */
  static Shape requireSameShape(Op op, List<Shape> in, String requirement) {
    Op.requireArity(op, in);
    if (!in.get(0).equals(in.get(1))) {
      throw new IllegalArgumentException(
          op.name() + " needs " + requirement + ", got " + in.get(0) + " and " + in.get(1));
    }
    return in.get(0);
  }

  /** Y[r][c] = f(X[r][c]), split by rows. */
  static Tensor map(Tensor x, Parallel parallel, long costPerEntry, IntUnaryOperator f) {
    int[][] xs = x.data();
    int[][] y = new int[x.rows()][x.cols()];
    parallel.forWork(
        x.rows(),
        costPerEntry * x.cols(),
        r -> {
          int[] xr = xs[r];
          int[] yr = y[r];
          for (int c = 0; c < yr.length; c++) {
            yr[c] = f.applyAsInt(xr[c]);
          }
        });
    return Tensor.wrap(x.cols(), y);
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
