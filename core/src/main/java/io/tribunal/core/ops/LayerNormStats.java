package io.tribunal.core.ops;

import io.tribunal.core.fixed.FixedNorm;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Layer-norm statistics of each row of X (R x d, d >= 1): output R x 2 with S[r][0] = mean of row r
 * ({@link FixedNorm#mean}) and S[r][1] = 1 / sqrt(var + eps) ({@link FixedNorm#rstd}, var the exact
 * population variance). Attribute: eps in Q16.16, in [1, 2^31). One element reads row r of X.
 */
public record LayerNormStats(long eps) implements Op {
  /** Work units per row entry (a square and a sum, plus the per-row BigInteger root). */
  private static final long ENTRY_COST = 4;

  public LayerNormStats {
    if (eps < FixedNorm.MIN_EPS || eps > FixedNorm.MAX_EPS) {
      throw new IllegalArgumentException("layer_norm_stats eps must be in [1, 2^31), got " + eps);
    }
  }

  @Override
  public String name() {
    return "layer_norm_stats";
  }

  @Override
  public long[] attributes() {
    return new long[] {eps};
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    if (in.get(0).cols() < 1) {
      throw new IllegalArgumentException(
          "layer_norm_stats needs rows of at least one column, got " + in.get(0));
    }
    return new Shape(in.get(0).rows(), 2);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] x = in.get(0).data();
    int[][] s = new int[out.rows()][];
    parallel.forWork(
        out.rows(),
        ENTRY_COST * in.get(0).cols(),
        r -> s[r] = new int[] {FixedNorm.mean(x[r]), FixedNorm.rstd(x[r], eps)});
    return Tensor.wrap(2, s);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    int[] x = rows.row(0, row);
    return col == 0 ? FixedNorm.mean(x) : FixedNorm.rstd(x, eps);
  }
}
