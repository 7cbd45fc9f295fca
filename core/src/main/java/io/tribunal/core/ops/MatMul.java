package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * C = A x B^T as row-by-row dot products: C[i][j] = dot(A[i,:], B[j,:]) (see {@link Fixed#dot}).
 * Both operands are read by rows, so one element needs exactly one committed row of each.
 *
 * <p>The whole-tensor kernel may sum in any order (dot form or outer-product form, skipping zero
 * terms) because the sum is exact: when int64 cannot overflow it equals the exact sum, otherwise
 * the element-wise exact path is used.
 */
public record MatMul() implements Op {
  private static final int SMALL_INNER = 128;

  /** Work units per multiply-add of the element-wise exact path (wide arithmetic) for Parallel. */
  private static final long EXACT_COST = 8;

  @Override
  public String name() {
    return "matmul";
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    if (in.get(0).cols() != in.get(1).cols()) {
      throw new IllegalArgumentException(
          "matmul needs equal row lengths, got " + in.get(0) + " and " + in.get(1));
    }
    return new Shape(in.get(0).rows(), in.get(1).rows());
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] a = in.get(0).data();
    int[][] b = in.get(1).data();
    int inner = in.get(0).cols();
    int[][] c = new int[out.rows()][out.cols()];
    if (!Fixed.fitsFastPath(inner, maxAbs(a), maxAbs(b))) {
      parallel.forWork(out.rows(), EXACT_COST * out.cols() * inner, i -> exactRow(a[i], b, c[i]));
      return Tensor.wrap(out.cols(), c);
    }
    long nnzA = nonZero(a);
    long nnzB = nonZero(b);
    long m = out.rows();
    long n = out.cols();
    boolean dense = inner >= SMALL_INNER && 2 * nnzA >= m * inner;
    if (dense) {
      parallel.forWork(out.rows(), n * inner, i -> dotRow(a[i], b, c[i]));
    } else if (nnzA * n <= 4 * (nnzB * m + m * n)) {
      // Outer product over A's non-zeros; the transposed variant only pays off when B is far
      // sparser (its short rows and the extra transpose cost ~4x per multiply-add, measured).
      int[][] bt = Transpose.transpose(b, inner, parallel);
      // Per row: one axpy of length n per non-zero of A's row, plus the n finishing roundings.
      parallel.forWork(
          out.rows(), n * (nnzA / Math.max(1, m) + 1), i -> outerProductRow(a[i], bt, c[i]));
    } else {
      // C^T = B x A^T, exploiting B's zeros; transposing back moves values, no arithmetic.
      int[][] at = Transpose.transpose(a, inner, parallel);
      int[][] ct = new int[out.cols()][out.rows()];
      parallel.forWork(
          out.cols(), m * (nnzB / Math.max(1, n) + 1), j -> outerProductRow(b[j], at, ct[j]));
      return Tensor.wrap(out.cols(), Transpose.transpose(ct, out.rows(), parallel));
    }
    return Tensor.wrap(out.cols(), c);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, col));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return Fixed.dot(rows.row(0, row), rows.row(1, col));
  }

  static void exactRow(int[] a, int[][] b, int[] out) {
    for (int j = 0; j < out.length; j++) {
      out[j] = Fixed.dot(a, b[j]);
    }
  }

  private static void dotRow(int[] a, int[][] b, int[] out) {
    for (int j = 0; j < out.length; j++) {
      int[] bj = b[j];
      long acc = 0;
      for (int k = 0; k < a.length; k++) {
        acc += (long) a[k] * bj[k];
      }
      out[j] = Fixed.finishDot(acc);
    }
  }

  static void outerProductRow(int[] a, int[][] bt, int[] out) {
    long[] acc = new long[out.length];
    for (int k = 0; k < a.length; k++) {
      long s = a[k];
      if (s != 0) {
        axpy(acc, s, bt[k]);
      }
    }
    for (int j = 0; j < out.length; j++) {
      out[j] = Fixed.finishDot(acc[j]);
    }
  }

  private static void axpy(long[] acc, long s, int[] row) {
    for (int j = 0; j < acc.length; j++) {
      acc[j] += s * row[j];
    }
  }

  static long maxAbs(int[][] t) {
    long max = 0;
    for (int[] row : t) {
      max = Math.max(max, Fixed.maxAbs(row, row.length));
    }
    return max;
  }

  private static long nonZero(int[][] a) {
    long nonZero = 0;
    for (int[] row : a) {
      for (int v : row) {
        nonZero += v != 0 ? 1 : 0;
      }
    }
    return nonZero;
  }
}
