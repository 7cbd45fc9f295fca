package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/** S[i][0] = saturate(sum_j A[i][j]) (exact sum): bias gradients from a transposed gradient. */
public record RowSum() implements Op {
  @Override
  public String name() {
    return "row_sum";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    return new Shape(in.get(0).rows(), 1);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] a = in.get(0).data();
    int[][] s = new int[out.rows()][1];
    parallel.forWork(out.rows(), in.get(0).cols(), i -> s[i][0] = Fixed.sum(a[i]));
    return Tensor.wrap(1, s);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return Fixed.sum(rows.row(0, row));
  }
}
