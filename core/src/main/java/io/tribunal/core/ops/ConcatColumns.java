package io.tribunal.core.ops;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Side-by-side layout: Y = [A | B] for A (R x p) and B (R x q), output R x (p + q), Y[r][c] =
 * A[r][c] for c < p, else B[r][c - p]. Packs several per-row operands into one row so a later op's
 * element reads at most one row of each input. An element declares row r of A and row r of B (the
 * width p of the revealed A row says which one holds the value).
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
    if (in.get(0).rows() != in.get(1).rows()) {
      throw new IllegalArgumentException(
          "concat_columns needs equal row counts, got " + in.get(0) + " and " + in.get(1));
    }
    long cols = (long) in.get(0).cols() + in.get(1).cols();
    if (cols > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("concat_columns output is too wide: " + cols);
    }
    return new Shape(in.get(0).rows(), (int) cols);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] a = in.get(0).data();
    int[][] b = in.get(1).data();
    int p = in.get(0).cols();
    int[][] y = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        out.cols(),
        r -> {
          System.arraycopy(a[r], 0, y[r], 0, p);
          System.arraycopy(b[r], 0, y[r], p, out.cols() - p);
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
