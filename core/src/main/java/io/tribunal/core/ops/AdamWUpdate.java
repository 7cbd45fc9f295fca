package io.tribunal.core.ops;

import io.tribunal.core.fixed.FixedAdam;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * {@code adamw_update(lr, warmup, beta1, beta2, eps, wd, step)}: the AdamW step of a parameter W (R
 * x C) from MV = {@code concat_columns(m', v')} (R x 2C, the moments of this step): W'[r][c] =
 * {@link FixedAdam#update}(W[r][c], MV[r][c], MV[r][C + c]) with the bias corrections 2^30 -
 * beta^(t+1) and the warmed-up rate lr * min(t + 1, warmup) / warmup of step t. One element reads
 * row r of W and row r of MV.
 *
 * <p>Attributes in order: lr (Q8.24, [0, 2^31)), warmup (steps, [1, 2^30]), beta1 and beta2
 * (Q16.16, [0, 2^16)), eps (Q8.24, [1, 2^31)), wd (Q16.16, [0, 2^16]), step t ([0, 2^32)).
 */
public record AdamWUpdate(
    long lr, long warmup, long beta1, long beta2, long eps, long wd, long step) implements Op {
  public AdamWUpdate {
    check("lr", lr, 0, FixedAdam.MAX_LR);
    check("warmup", warmup, 1, FixedAdam.MAX_WARMUP);
    check("beta1", beta1, 0, FixedAdam.BETA_ONE - 1);
    check("beta2", beta2, 0, FixedAdam.BETA_ONE - 1);
    check("eps", eps, 1, FixedAdam.MAX_LR);
    check("wd", wd, 0, FixedAdam.MAX_WD);
    check("step", step, 0, FixedAdam.MAX_STEP);
  }

  private static void check(String what, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "adamw_update " + what + " must be in [" + min + ", " + max + "], got " + value);
    }
  }

  @Override
  public String name() {
    return "adamw_update";
  }

  @Override
  public long[] attributes() {
    return new long[] {lr, warmup, beta1, beta2, eps, wd, step};
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    Shape w = in.get(0);
    Shape mv = in.get(1);
    if (mv.rows() != w.rows() || mv.cols() != 2L * w.cols()) {
      throw new IllegalArgumentException(
          "adamw_update needs concat_columns(m, v) of "
              + w.rows()
              + "x"
              + 2L * w.cols()
              + " for a "
              + w
              + " parameter, got "
              + mv);
    }
    return w;
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] w = in.get(0).data();
    int[][] mv = in.get(1).data();
    long c1 = FixedAdam.biasCorrection(beta1, step);
    long c2 = FixedAdam.biasCorrection(beta2, step);
    long lrt = FixedAdam.warmupRate(lr, warmup, step);
    int cols = out.cols();
    int[][] y = new int[out.rows()][cols];
    parallel.forWork(
        out.rows(),
        8L * cols,
        r -> {
          int[] wr = w[r];
          int[] mvr = mv[r];
          int[] yr = y[r];
          for (int c = 0; c < cols; c++) {
            yr[c] = FixedAdam.update(wr[c], mvr[c], mvr[cols + c], c1, c2, lrt, eps, wd);
          }
        });
    return Tensor.wrap(cols, y);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    int[] w = rows.row(0, row);
    int[] mv = rows.row(1, row);
    return FixedAdam.update(
        w[col],
        mv[col],
        mv[w.length + col],
        FixedAdam.biasCorrection(beta1, step),
        FixedAdam.biasCorrection(beta2, step),
        FixedAdam.warmupRate(lr, warmup, step),
        eps,
        wd);
  }
}
