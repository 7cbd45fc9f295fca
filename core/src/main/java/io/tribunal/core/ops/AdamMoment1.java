package io.tribunal.core.ops;

import io.tribunal.core.fixed.FixedAdam;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * {@code adam_m(beta1)}: Adam's first moment m' = saturate(roundShift(beta1 * m + (2^16 - beta1) *
 * g, 16)) from the previous moment m and the gradient g (same shape, Q16.16), beta1 in Q16.16 in
 * [0, 2^16] (see {@link FixedAdam#moment1}). One element reads row r of m and of g. The moment is a
 * tensor of the committed training state, like the weights.
 */
public record AdamMoment1(long beta1) implements Op {
  public AdamMoment1 {
    if (beta1 < 0 || beta1 > FixedAdam.BETA_ONE) {
      throw new IllegalArgumentException("adam_m beta1 must be in [0, 2^16], got " + beta1);
    }
  }

  @Override
  public String name() {
    return "adam_m";
  }

  @Override
  public long[] attributes() {
    return new long[] {beta1};
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    return SameShapeKernel.requireSameShape(this, in, "moment and gradient of one shape");
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    outputShape(Op.shapes(in));
    return SameShapeKernel.map(
        in.get(0), in.get(1), parallel, 1, (m, g) -> FixedAdam.moment1(m, g, beta1));
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return FixedAdam.moment1(rows.row(0, row)[col], rows.row(1, row)[col], beta1);
  }
}
