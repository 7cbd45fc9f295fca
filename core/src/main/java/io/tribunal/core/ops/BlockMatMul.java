package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Per-block A x B^T: A is G blocks of T rows, B is G blocks of K rows, both n wide; output block g
 * is A_g x B_g^T, so element (g*T + i, j) = dot(A[g*T + i], B[g*K + j]) (exact sum, one rounding,
 * as {@link Fixed#dot}). Output (G*T) x K. One element reads one row of each input. Attributes: (T,
 * K). Attention scores Q x K^T are the case K = T; the product with a block-transposed operand (see
 * {@link BlockTranspose}) gives P x V and the backward products.
 */
public record BlockMatMul(int blockRows, int blockCols) implements Op {
  /** Work units per multiply-add of the exact (wide) path for {@link Parallel}. */
  private static final long EXACT_COST = 8;

  public BlockMatMul {
    Blocks.positive("block_matmul", "T", blockRows);
    Blocks.positive("block_matmul", "K", blockCols);
  }

  @Override
  public String name() {
    return "block_matmul";
  }

  @Override
  public long[] attributes() {
    return new long[] {blockRows, blockCols};
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    Shape a = in.get(0);
    Shape b = in.get(1);
    int groups = Blocks.blocks(name(), "A", a, blockRows);
    int groupsB = Blocks.blocks(name(), "B", b, blockCols);
    if (groups != groupsB || a.cols() != b.cols()) {
      throw new IllegalArgumentException(
          "block_matmul needs A and B of equal width and block count (T="
              + blockRows
              + ", K="
              + blockCols
              + "), got "
              + a
              + " and "
              + b);
    }
    return new Shape(a.rows(), blockCols);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] a = in.get(0).data();
    int[][] b = in.get(1).data();
    int inner = in.get(0).cols();
    int[][] c = new int[out.rows()][blockCols];
    boolean fast = Fixed.fitsFastPath(inner, MatMul.maxAbs(a), MatMul.maxAbs(b));
    parallel.forWork(
        out.rows(),
        (fast ? 1 : EXACT_COST) * blockCols * Math.max(1, inner),
        r -> {
          int base = r / blockRows * blockCols;
          int[] ar = a[r];
          for (int j = 0; j < blockCols; j++) {
            c[r][j] = fast ? fastDot(ar, b[base + j]) : Fixed.dot(ar, b[base + j]);
          }
        });
    return Tensor.wrap(blockCols, c);
  }

  /** Fixed.dot when the whole sum provably fits int64 (checked once per tensor). */
  private static int fastDot(int[] x, int[] y) {
    long acc = 0;
    for (int k = 0; k < x.length; k++) {
      acc += (long) x[k] * y[k];
    }
    return Fixed.finishDot(acc);
  }

  /** The row of B that output element (row, col) reads: g*K + col with g = row / T. */
  private int partner(int row, int col) {
    return row / blockRows * blockCols + col;
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, partner(row, col)));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return Fixed.dot(rows.row(0, row), rows.row(1, partner(row, col)));
  }
}
