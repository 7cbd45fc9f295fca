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
    return SameShapeKernel.requireSameShape(this, in, "dY and X of equal shape");
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    outputShape(Op.shapes(in));
    return SameShapeKernel.map(in.get(0), in.get(1), parallel, GELU_COST, FixedGelu::backward);
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
