package io.tribunal.core.ops;

import io.tribunal.core.fixed.FixedGelu;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/** Y[r][c] = gelu(X[r][c]), the fixed-point tanh-form GELU of {@link FixedGelu#gelu}. */
public record Gelu() implements Op {
  /** Work units per entry (an exp and a division) for {@link Parallel}. */
  private static final long GELU_COST = 32;

  @Override
  public String name() {
    return "gelu";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    return in.get(0);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] x = in.get(0).data();
    int[][] y = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        GELU_COST * out.cols(),
        r -> {
          int[] xr = x[r];
          int[] yr = y[r];
          for (int c = 0; c < yr.length; c++) {
            yr[c] = FixedGelu.gelu(xr[c]);
          }
        });
    return Tensor.wrap(out.cols(), y);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return FixedGelu.gelu(rows.row(0, row)[col]);
  }
}
