package io.tribunal.core.ops;

import io.tribunal.core.fixed.FixedGelu;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * GELU input gradient dX[r][c] = mul(dY[r][c], gelu'(X[r][c])) with gelu' the derivative of the
 * fixed-point approximation ({@link FixedGelu#backward}). Inputs dY and X of one shape; one element
 * reads row r of each.
 */
public record GeluBackward() implements Op {
  /** Work units per entry (an exp, a division and a few products) for {@link Parallel}. */
  private static final long GELU_COST = 40;

  @Override
  public String name() {
    return "gelu_backward";
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
          "gelu_backward needs dY and X of equal shape, got " + in.get(0) + " and " + in.get(1));
    }
    return in.get(0);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] dy = in.get(0).data();
    int[][] x = in.get(1).data();
    int[][] dx = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        GELU_COST * out.cols(),
        r -> {
          int[] gr = dy[r];
          int[] xr = x[r];
          int[] dr = dx[r];
          for (int c = 0; c < dr.length; c++) {
            dr[c] = FixedGelu.backward(gr[c], xr[c]);
          }
        });
    return Tensor.wrap(out.cols(), dx);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return FixedGelu.backward(rows.row(0, row)[col], rows.row(1, row)[col]);
  }
}
