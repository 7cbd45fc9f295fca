package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;

/**
 * {@link MatMul} against a fixed right operand B (a layer's weights), one row of A at a time:
 * {@code row(a)} equals row 0 of {@code MatMul.compute([a], B)} bit for bit. B is scanned for its
 * largest value and transposed once, here, instead of on every call; what is left per row is the
 * same choice MatMul makes (int64 fast path when it cannot overflow, else the exact dot products)
 * and the same kernels. The fast-path sum is exact, so its order (sparse outer product over A's
 * non-zeros) cannot change a bit.
 */
public final class PreparedMatMul {
  private final int[][] b;
  private final int[][] bt;
  private final int inner;
  private final long maxAbsB;

  /** Prepares B (n × inner); B's rows are read, never written, and must not change afterwards. */
  public PreparedMatMul(Tensor b) {
    this.b = b.data();
    this.inner = b.cols();
    this.bt = Transpose.transpose(this.b, inner, Parallel.serial());
    this.maxAbsB = MatMul.maxAbs(this.b);
  }

  /** Length of an input row (B's row length). */
  public int inner() {
    return inner;
  }

  /** Length of an output row (B's row count). */
  public int outputs() {
    return b.length;
  }

  /** {@code c[j] = dot(a, B[j,:])} for every row j of B (see {@link Fixed#dot}). */
  public int[] row(int[] a) {
    if (a.length != inner) {
      throw new IllegalArgumentException(
          "matmul needs equal row lengths, got " + a.length + " and " + inner);
    }
    int[] c = new int[b.length];
    if (Fixed.fitsFastPath(inner, Fixed.maxAbs(a, a.length), maxAbsB)) {
      MatMul.outerProductRow(a, bt, c);
    } else {
      MatMul.exactRow(a, b, c);
    }
    return c;
  }
}
