package io.tribunal.core.ops;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * {@code concat_columns}: Y = [A | B] for A (R x C1) and B (R x C2), Y[r][c] = c < C1 ? A[r][c] :
 * B[r][c - C1]. A layout op: it lets an element that needs one row of three tensors (AdamW reads w,
 * m', v') read one row of two. One element reads row r of A and row r of B (both, so the chain
 * learns C1 from the revealed row's width).
 */
public record ConcatColumns() implements Op {
  @Override
  public String name() {
    return "concat_columns";
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
    if (a.rows() != b.rows()) {
      throw new IllegalArgumentException(
          "concat_columns needs equal row counts, got " + a + " and " + b);
    }
    long cols = (long) a.cols() + b.cols();
    if (cols > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("concat_columns result too wide: " + cols);
    }
    return new Shape(a.rows(), (int) cols);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] a = in.get(0).data();
    int[][] b = in.get(1).data();
    int split = in.get(0).cols();
    int[][] y = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        out.cols(),
        r -> {
          System.arraycopy(a[r], 0, y[r], 0, split);
          System.arraycopy(b[r], 0, y[r], split, out.cols() - split);
        });
    return Tensor.wrap(out.cols(), y);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    int[] a = rows.row(0, row);
    return col < a.length ? a[col] : rows.row(1, row)[col - a.length];
  }
}
