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
    outputShape(Op.shapes(in));
    return SameShapeKernel.map(in.get(0), parallel, GELU_COST, FixedGelu::gelu);
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
