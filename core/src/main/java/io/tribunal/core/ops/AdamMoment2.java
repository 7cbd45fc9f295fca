package io.tribunal.core.ops;

import io.tribunal.core.fixed.FixedAdam;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * {@code adam_v(beta2)}: Adam's second moment, stored with 32 fractional bits (Q0.32): v' =
 * saturate(roundShift(beta2 * v + (2^16 - beta2) * g^2, 16)) with g^2 the exact Q32.32 square of
 * the Q16.16 gradient, beta2 in Q16.16 in [0, 2^16] (see {@link FixedAdam#moment2}). Small
 * gradients do not vanish: g = 2^-10 gives g^2 = 4096 units. One element reads row r of v and of g.
 */
public record AdamMoment2(long beta2) implements Op {
  public AdamMoment2 {
    if (beta2 < 0 || beta2 > FixedAdam.BETA_ONE) {
      throw new IllegalArgumentException("adam_v beta2 must be in [0, 2^16], got " + beta2);
    }
  }

  @Override
  public String name() {
    return "adam_v";
  }

  @Override
  public long[] attributes() {
    return new long[] {beta2};
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
        in.get(0), in.get(1), parallel, 2, (v, g) -> FixedAdam.moment2(v, g, beta2));
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return FixedAdam.moment2(rows.row(0, row)[col], rows.row(1, row)[col], beta2);
  }
}
