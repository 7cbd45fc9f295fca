package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/** Element-wise product Y[r][c] = mul(A[r][c], B[r][c]) of two tensors of one shape. */
public record MulElementwise() implements Op {
  @Override
  public String name() {
    return "mul_elementwise";
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
    return SameShapeKernel.map(in.get(0), in.get(1), parallel, 1, Fixed::mul);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return Fixed.mul(rows.row(0, row)[col], rows.row(1, row)[col]);
  }
}
