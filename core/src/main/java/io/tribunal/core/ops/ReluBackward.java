package io.tribunal.core.ops;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/** dZ[i][j] = Z[i][j] > 0 ? dA[i][j] : 0: the ReLU mask applied to an upstream gradient. */
public record ReluBackward() implements Op {
  @Override
  public String name() {
    return "relu_backward";
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
          "relu_backward needs equal shapes, got " + in.get(0) + " and " + in.get(1));
    }
    return in.get(0);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] grad = in.get(0).data();
    int[][] z = in.get(1).data();
    int[][] d = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        out.cols(),
        i -> {
          int[] gi = grad[i];
          int[] zi = z[i];
          int[] di = d[i];
          for (int j = 0; j < di.length; j++) {
            di[j] = zi[j] > 0 ? gi[j] : 0;
          }
        });
    return Tensor.wrap(out.cols(), d);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return rows.row(1, row)[col] > 0 ? rows.row(0, row)[col] : 0;
  }
}
