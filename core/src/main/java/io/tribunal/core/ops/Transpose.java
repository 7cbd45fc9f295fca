package io.tribunal.core.ops;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/** B = A^T: B[i][j] = A[j][i]. Lets backward passes feed row-by-row matmuls. */
public record Transpose() implements Op {
  /** Work units per moved entry (a strided read across row arrays) for {@link Parallel}. */
  private static final long STRIDED_COST = 4;

  @Override
  public String name() {
    return "transpose";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    return new Shape(in.get(0).cols(), in.get(0).rows());
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    return Tensor.wrap(out.cols(), transpose(in.get(0).data(), out.rows(), parallel));
  }

  /** Transposes row arrays of a tensor with the given column count. */
  static int[][] transpose(int[][] a, int cols, Parallel parallel) {
    int[][] t = new int[cols][a.length];
    parallel.forWork(
        cols,
        STRIDED_COST * a.length,
        i -> {
          int[] ti = t[i];
          for (int j = 0; j < a.length; j++) {
            ti[j] = a[j][i];
          }
        });
    return t;
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, col));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return rows.row(0, col)[row];
  }
}
