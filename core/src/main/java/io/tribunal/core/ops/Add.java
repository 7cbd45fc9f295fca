package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * {@code add}: the residual connection Y[r][c] = add(A[r][c], B[r][c]) of two tensors of one shape.
 * One element reads row r of each. Its backward passes dY to both inputs unchanged (no op), and two
 * gradients reaching one tensor are summed with {@code add} again.
 */
public record Add() implements Op {
  @Override
  public String name() {
    return "add";
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    return SameShapeKernel.requireSameShape(this, in, "two tensors of one shape");
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    outputShape(Op.shapes(in));
    return SameShapeKernel.map(in.get(0), in.get(1), parallel, 1, Fixed::add);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return Fixed.add(rows.row(0, row)[col], rows.row(1, row)[col]);
  }
}
