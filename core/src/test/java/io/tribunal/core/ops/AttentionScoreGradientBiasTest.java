package io.tribunal.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The query gradient of one attention head over a full 64-token context with dh = 16, whose
 * temperature 1/4 is a power of two, against double precision: the mean of its error over every
 * entry (the part that a sum over positions and steps accumulates instead of averaging away) stays
 * below a tenth of a unit when the temperature scales Q and K, as docs/network-ops.md composes it.
 * Scaling the score gradient dS instead rounds a quarter of its entries on a tie, always upwards,
 * so each row of dS sums to about (i + 1)/8 units instead of 0 and, with keys whose mean is not
 * zero, every entry of dQ is off by several units in the same direction; the test shows that too.
 */
class AttentionScoreGradientBiasTest {
  private static final int T = 64;
  private static final int DH = 16;
  private static final int SCALE = 16384; // round(2^16 / sqrt(16)), exactly 1/4

  @Test
  void scalingQueriesAndKeysLeavesNoSystematicErrorInTheQueryGradient() {
    double scaledKeys = 0;
    double scaledScoreGradient = 0;
    for (long seed = 1; seed <= 5; seed++) {
      Random r = new Random(seed);
      int[][] q = uniform(r, 1.0, 0);
      int[][] k = uniform(r, 1.0, Fixed.ONE);
      int[][] v = uniform(r, 1.0, 0);
      int[][] dOut = uniform(r, 1.0 / 64, 0);
      double[][] ref = referenceQueryGradient(q, k, v, dOut);
      scaledKeys += meanError(queryGradient(q, k, v, dOut, true), ref) / 5;
      scaledScoreGradient += meanError(queryGradient(q, k, v, dOut, false), ref) / 5;
    }
    System.out.printf(
        "mean dQ error: %.3f units scaling Q and K, %.3f scaling dS%n",
        scaledKeys, scaledScoreGradient);
    assertThat(Math.abs(scaledKeys)).as("mean error, units").isLessThan(0.1);
    assertThat(scaledScoreGradient).as("mean error scaling dS, units").isGreaterThan(2.0);
  }

  /** dQ by the ops: the temperature on Q and K ({@code keys}) or on S and dS. */
  private static Tensor queryGradient(int[][] q, int[][] k, int[][] v, int[][] dOut, boolean keys) {
    ScaleBy scale = new ScaleBy(SCALE);
    BlockMatMul scores = new BlockMatMul(T, T);
    BlockMatMul byHead = new BlockMatMul(T, DH);
    BlockTranspose narrow = new BlockTranspose(T, DH);
    Tensor qt = Tensor.wrap(DH, q);
    Tensor kt = Tensor.wrap(DH, k);
    Tensor vt = Tensor.wrap(DH, v);
    Tensor s = run(scores, keys ? run(scale, qt) : qt, kt);
    Tensor p = run(new CausalSoftmax(T), keys ? s : run(scale, s));
    Tensor dp = run(scores, Tensor.wrap(DH, dOut), vt);
    Tensor ds = run(new SoftmaxBackward(), p, dp);
    return keys
        ? run(byHead, ds, run(narrow, run(scale, kt)))
        : run(byHead, run(scale, ds), run(narrow, kt));
  }

  private static double[][] referenceQueryGradient(int[][] q, int[][] k, int[][] v, int[][] dy) {
    double[][] dq = new double[T][DH];
    for (int i = 0; i < T; i++) {
      double[] p = new double[i + 1];
      double[] dp = new double[i + 1];
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j <= i; j++) {
        p[j] = dot(q[i], k[j]) / 4;
        max = Math.max(max, p[j]);
        dp[j] = dot(dy[i], v[j]);
      }
      double sum = 0;
      for (int j = 0; j <= i; j++) {
        p[j] = Math.exp(p[j] - max);
        sum += p[j];
      }
      double inner = 0;
      for (int j = 0; j <= i; j++) {
        p[j] /= sum;
        inner += p[j] * dp[j];
      }
      for (int j = 0; j <= i; j++) {
        double ds = p[j] * (dp[j] - inner) / 4;
        for (int e = 0; e < DH; e++) {
          dq[i][e] += ds * k[j][e] / Fixed.ONE;
        }
      }
    }
    return dq;
  }

  private static double dot(int[] a, int[] b) {
    double acc = 0;
    for (int e = 0; e < a.length; e++) {
      acc += (a[e] / (double) Fixed.ONE) * (b[e] / (double) Fixed.ONE);
    }
    return acc;
  }

  /** Mean of (fixed − reference) over all entries, in Q16.16 units. */
  private static double meanError(Tensor fixed, double[][] ref) {
    double sum = 0;
    for (int i = 0; i < T; i++) {
      for (int e = 0; e < DH; e++) {
        sum += fixed.get(i, e) - ref[i][e] * Fixed.ONE;
      }
    }
    return sum / (T * DH);
  }

  private static int[][] uniform(Random r, double range, int offset) {
    int span = (int) (range * Fixed.ONE);
    int[][] t = new int[T][DH];
    for (int[] row : t) {
      for (int c = 0; c < DH; c++) {
        row[c] = offset + r.nextInt(2 * span + 1) - span;
      }
    }
    return t;
  }

  private static Tensor run(Op op, Tensor... in) {
    return op.compute(List.of(in), Parallel.serial());
  }
}
