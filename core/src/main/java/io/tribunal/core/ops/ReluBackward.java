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
    return SameShapeKernel.requireSameShape(this, in, "equal shapes");
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    outputShape(Op.shapes(in));
    return SameShapeKernel.map(in.get(0), in.get(1), parallel, 1, (g, z) -> z > 0 ? g : 0);
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
