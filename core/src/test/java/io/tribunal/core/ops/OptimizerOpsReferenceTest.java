package io.tribunal.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.TestValues;
import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The optimizer-family op sequences against the mathematics they stand for: the embedding forward
 * (one_hot + matmul) is the table lookup and its backward the scatter-add, exactly; position_grad
 * of the transposed gradient is the true gradient of add_positions' table, exactly; and AdamW
 * (adam_m, adam_v, concat_columns, adamw_update) follows a double-precision AdamW over many steps
 * within the stated tolerance.
 */
class OptimizerOpsReferenceTest {
  /** |w_fixed - w_double| after 60 steps of lr 0.01 (docs/network-ops.md): 2^-9 = 0.00195. */
  static final double ADAMW_TOLERANCE = 1.0 / 512;

  private static final Parallel SERIAL = Parallel.serial();

  @Test
  void embeddingForwardIsTheTableLookupAndBackwardTheScatterAdd() {
    Random r = new Random(21);
    for (int trial = 0; trial < 300; trial++) {
      int vocabulary = 1 + r.nextInt(12);
      int d = 1 + r.nextInt(6);
      int rows = 1 + r.nextInt(10);
      Tensor ids = OptimizerOpsPropertiesTest.ids(r, rows, vocabulary);
      Tensor table = TestValues.tensor(r, vocabulary, d, trial % 3);
      Tensor oneHot = run(new OneHot(vocabulary), ids);
      Tensor x = run(new MatMul(), oneHot, run(new Transpose(), table));
      Tensor dy = TestValues.tensor(r, rows, d, trial % 3);
      Tensor dTable = run(new MatMul(), run(new Transpose(), oneHot), run(new Transpose(), dy));
      long[][] scatter = new long[vocabulary][d];
      for (int i = 0; i < rows; i++) {
        int id = ids.get(i, 0);
        boolean inside = id >= 0 && id < vocabulary;
        for (int c = 0; c < d; c++) {
          assertThat(x.get(i, c)).isEqualTo(inside ? table.get(id, c) : 0);
          if (inside) {
            scatter[id][c] += dy.get(i, c);
          }
        }
      }
      for (int v = 0; v < vocabulary; v++) {
        for (int c = 0; c < d; c++) {
          assertThat(dTable.get(v, c)).isEqualTo(Fixed.saturate(scatter[v][c]));
        }
      }
    }
  }

  @Test
  void positionGradIsTheGradientOfAddPositions() {
    Random r = new Random(22);
    for (int trial = 0; trial < 300; trial++) {
      int batch = 1 + r.nextInt(4);
      int positions = 1 + r.nextInt(5);
      int d = 1 + r.nextInt(6);
      int[][] g = new int[batch * positions][d];
      for (int[] row : g) {
        for (int c = 0; c < d; c++) {
          row[c] = r.nextInt(1 << 22) - (1 << 21); // well scaled: no saturation
        }
      }
      Tensor dy = Tensor.wrap(d, g);
      Tensor dp = run(new Transpose(), run(new PositionGrad(positions), run(new Transpose(), dy)));
      // d/dP[t][c] of sum(Y * dY) with Y = add_positions(X, P): the sum of dY over the sequences.
      for (int t = 0; t < positions; t++) {
        for (int c = 0; c < d; c++) {
          double expected = 0;
          for (int b = 0; b < batch; b++) {
            expected += dy.get(b * positions + t, c) / 65536.0;
          }
          assertThat(dp.get(t, c) / 65536.0).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void adamWFollowsTheDoublePrecisionAdamWOverManySteps() {
    Random r = new Random(23);
    int rows = 3;
    int cols = 5;
    long lr = 167772; // 0.01 in Q8.24
    long warmup = 10;
    long beta1 = 58982; // 0.9
    long beta2 = 65470; // 0.999
    long eps = 168; // 1e-5 in Q8.24
    long wd = 6554; // 0.1
    Tensor w = TestValues.tensor(r, rows, cols, 1);
    Tensor m = Tensor.zeros(rows, cols);
    Tensor v = Tensor.zeros(rows, cols);
    double[][] wd64 = toDouble(w);
    double[][] m64 = new double[rows][cols];
    double[][] v64 = new double[rows][cols];
    double worst = 0;
    for (int t = 0; t < 60; t++) {
      Tensor g = gradient(r, rows, cols, t);
      m = run(new AdamMoment1(beta1), m, g);
      v = run(new AdamMoment2(beta2), v, g);
      w =
          run(
              new AdamWUpdate(lr, warmup, beta1, beta2, eps, wd, t),
              w,
              run(new ConcatColumns(), m, v));
      double b1 = beta1 / 65536.0;
      double b2 = beta2 / 65536.0;
      double lrt = lr / 16777216.0 * Math.min(t + 1, warmup) / warmup;
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          double gij = g.get(i, j) / 65536.0;
          m64[i][j] = b1 * m64[i][j] + (1 - b1) * gij;
          v64[i][j] = b2 * v64[i][j] + (1 - b2) * gij * gij;
          double mhat = m64[i][j] / (1 - Math.pow(b1, t + 1));
          double vhat = v64[i][j] / (1 - Math.pow(b2, t + 1));
          double u = mhat / (Math.sqrt(vhat) + eps / 16777216.0);
          wd64[i][j] -= lrt * (u + wd / 65536.0 * wd64[i][j]);
          worst = Math.max(worst, Math.abs(w.get(i, j) / 65536.0 - wd64[i][j]));
        }
      }
    }
    assertThat(worst).isLessThanOrEqualTo(ADAMW_TOLERANCE);
  }

  /** A noisy gradient of magnitude 0.01 .. 1 whose sign pattern drifts slowly. */
  private static Tensor gradient(Random r, int rows, int cols, int t) {
    int[][] g = new int[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double scale = Math.pow(10, -2 + (i * cols + j) % 3);
        g[i][j] =
            (int)
                Math.round(
                    65536 * scale * (Math.sin(0.1 * t + i + 2 * j) + 0.3 * r.nextGaussian()));
      }
    }
    return Tensor.wrap(cols, g);
  }

  private static double[][] toDouble(Tensor t) {
    double[][] out = new double[t.rows()][t.cols()];
    for (int i = 0; i < t.rows(); i++) {
      for (int j = 0; j < t.cols(); j++) {
        out[i][j] = t.get(i, j) / 65536.0;
      }
    }
    return out;
  }

  private static Tensor run(Op op, Tensor... in) {
    return op.compute(List.of(in), SERIAL);
  }
}
