package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Gradient through a row softmax (causal or not): dS[r][c] = mul(P[r][c], sub(dP[r][c], dot(P[r],
 * dP[r]))), i.e. P * (dP - sum_j P_j dP_j) with the inner sum exact and rounded once ({@link
 * Fixed#dot}), a saturating difference and one rounded product. Masked entries have P = 0 and get
 * 0. One element reads row r of P and row r of dP.
 */
public record SoftmaxBackward() implements Op {
  @Override
  public String name() {
    return "softmax_backward";
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    return SameShapeKernel.requireSameShape(this, in, "P and dP of equal shape");
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] p = in.get(0).data();
    int[][] dp = in.get(1).data();
    int[][] ds = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        4L * out.cols(),
        r -> {
          int[] pr = p[r];
          int[] dpr = dp[r];
          int inner = Fixed.dot(pr, dpr);
          for (int c = 0; c < pr.length; c++) {
            ds[r][c] = Fixed.mul(pr[c], Fixed.sub(dpr[c], inner));
          }
        });
    return Tensor.wrap(out.cols(), ds);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    int[] p = rows.row(0, row);
    int[] dp = rows.row(1, row);
    return Fixed.mul(p[col], Fixed.sub(dp[col], Fixed.dot(p, dp)));
  }
}
