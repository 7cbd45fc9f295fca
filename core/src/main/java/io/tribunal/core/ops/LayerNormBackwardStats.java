package io.tribunal.core.ops;

import io.tribunal.core.fixed.FixedNorm;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * The two row means the layer-norm input gradient needs, from g = dY * gamma (R x d, d >= 1) and
 * the normalised input xhat (same shape): output R x 2 with B[r][0] = mean_c g[r][c] ({@link
 * FixedNorm#mean}) and B[r][1] = mean_c g[r][c] * xhat[r][c] ({@link FixedNorm#meanOfProducts}).
 * One element reads row r of g and row r of xhat.
 */
public record LayerNormBackwardStats() implements Op {
  @Override
  public String name() {
    return "layer_norm_backward_stats";
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    if (!in.get(0).equals(in.get(1)) || in.get(0).cols() < 1) {
      throw new IllegalArgumentException(
          "layer_norm_backward_stats needs g and xhat of one shape with at least one column, got "
              + in.get(0)
              + " and "
              + in.get(1));
    }
    return new Shape(in.get(0).rows(), 2);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] g = in.get(0).data();
    int[][] xhat = in.get(1).data();
    int[][] b = new int[out.rows()][];
    parallel.forWork(
        out.rows(),
        2L * in.get(0).cols(),
        r -> b[r] = new int[] {FixedNorm.mean(g[r]), FixedNorm.meanOfProducts(g[r], xhat[r])});
    return Tensor.wrap(2, b);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    int[] g = rows.row(0, row);
    return col == 0 ? FixedNorm.mean(g) : FixedNorm.meanOfProducts(g, rows.row(1, row));
  }
}
