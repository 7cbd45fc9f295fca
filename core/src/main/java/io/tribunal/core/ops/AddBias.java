package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Y[b][j] = saturate(Z[b][j] + bias[j][0]). Biases are column vectors (one leaf per entry) so one
 * element needs one row of Z and one one-entry row of the bias.
 */
public record AddBias() implements Op {
  @Override
  public String name() {
    return "add_bias";
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    Shape z = in.get(0);
    Shape bias = in.get(1);
    if (bias.cols() != 1 || bias.rows() != z.cols()) {
      throw new IllegalArgumentException("add_bias needs a " + z.cols() + "x1 bias, got " + bias);
    }
    return z;
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] z = in.get(0).data();
    int[] bias = new int[out.cols()];
    for (int j = 0; j < bias.length; j++) {
      bias[j] = in.get(1).get(j, 0);
    }
    int[][] y = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        out.cols(),
        b -> {
          int[] zb = z[b];
          int[] yb = y[b];
          for (int j = 0; j < yb.length; j++) {
            yb[j] = Fixed.saturate((long) zb[j] + bias[j]);
          }
        });
    return Tensor.wrap(out.cols(), y);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, col));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return Fixed.add(rows.row(0, row)[col], rows.row(1, col)[0]);
  }
}
