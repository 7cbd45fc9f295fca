package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Y[r][c] = mul(X[r][c], q) (see {@link Fixed#mul}) for a constant Q16.16 factor q in [0, 2^31),
 * e.g. the attention temperature 1/sqrt(dh) (round(2^16 / sqrt(dh)): 16384 for dh = 16). One
 * element reads one row. Attributes: (q).
 */
public record ScaleBy(int factor) implements Op {
  public ScaleBy {
    if (factor < 0) {
      throw new IllegalArgumentException("scale needs a factor q >= 0, got " + factor);
    }
  }

  @Override
  public String name() {
    return "scale";
  }

  @Override
  public long[] attributes() {
    return new long[] {factor};
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
    return SameShapeKernel.map(in.get(0), parallel, 1, x -> Fixed.mul(x, factor));
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return Fixed.mul(rows.row(0, row)[col], factor);
  }
}
