package io.tribunal.core.ops;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Per-block transpose: A is G blocks of T rows, K wide; output block g (K rows, T wide) is A_g^T,
 * so element (g*K + e, t) = A[g*T + t][e]. Output (G*K) x T. One element reads one row. Attributes:
 * (T, K); K is an attribute because it fixes which input row an output row comes from. Lays out V,
 * K, Q, P and dO per (sequence, head) block for {@link BlockMatMul}.
 */
public record BlockTranspose(int blockRows, int width) implements Op {
  public BlockTranspose {
    Blocks.positive("block_transpose", "T", blockRows);
    Blocks.positive("block_transpose", "K", width);
  }

  @Override
  public String name() {
    return "block_transpose";
  }

  @Override
  public long[] attributes() {
    return new long[] {blockRows, width};
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    Shape a = in.get(0);
    Blocks.width(name(), "A", a, width);
    int groups = Blocks.blocks(name(), "A", a, blockRows);
    return Blocks.shape(name(), (long) groups * width, blockRows);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] a = in.get(0).data();
    int[][] t = new int[out.rows()][blockRows];
    parallel.forWork(
        out.rows(),
        4L * blockRows,
        r -> {
          int base = r / width * blockRows;
          int e = r % width;
          int[] tr = t[r];
          for (int j = 0; j < blockRows; j++) {
            tr[j] = a[base + j][e];
          }
        });
    return Tensor.wrap(blockRows, t);
  }

  /** The input row of element (row, col): g*T + col with g = row / K. */
  private int source(int row, int col) {
    return row / width * blockRows + col;
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, source(row, col)));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return rows.row(0, source(row, col))[row % width];
  }
}
