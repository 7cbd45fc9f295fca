package io.tribunal.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.core.fixed.ExactGelu;
import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The layer-norm forward and backward op sequences of docs/network-ops.md against a
 * double-precision reference of the true layer norm and its gradient (the analytic gradient is
 * itself checked against central finite differences of the double forward pass, so a wrong formula
 * in either fails), and the GELU MLP sub-block's gradient against the exact GELU derivative.
 */
class LayerNormChainTest {
  private static final double ONE = Fixed.ONE;

  /** Tolerance of outputs and gradients, real units, for inputs of order 1 (d <= 64). */
  static final double TOLERANCE = 2e-3;

  @Test
  void forwardAndBackwardMatchTheDoublePrecisionLayerNorm() {
    Random r = new Random(5);
    for (int trial = 0; trial < 200; trial++) {
      int rows = 1 + r.nextInt(4);
      int d = 2 + r.nextInt(63);
      long eps = 1 + r.nextInt(700);
      double[][] x = random(r, rows, d, 2.0, 3.0 * (r.nextDouble() - 0.5));
      double[][] dy = random(r, rows, d, 1.0, 0);
      double[][] gamma = random(r, d, 1, 0.5, 1.0);
      double[][] beta = random(r, d, 1, 0.5, 0);
      Tensor xf = fixed(x);
      Tensor dyf = fixed(dy);
      Tensor gf = fixed(gamma);
      // Forward: stats, normalise, gain, shift.
      Tensor stats = run(new LayerNormStats(eps), xf);
      Tensor xhat = run(new LayerNormApply(), xf, stats);
      Tensor y = run(new AddBias(), run(new MulColumn(), xhat, gf), fixed(beta));
      // Backward: g = dY * gamma, the two means, the packed operands, dX; dgamma and dbeta.
      Tensor g = run(new MulColumn(), dyf, gf);
      Tensor bstats = run(new LayerNormBackwardStats(), g, xhat);
      Tensor dx =
          run(
              new LayerNormBackward(),
              run(new ConcatColumns(), g, xhat),
              run(new ConcatColumns(), bstats, stats));
      Tensor dgamma = run(new RowSum(), run(new Transpose(), run(new MulElementwise(), dyf, xhat)));
      Tensor dbeta = run(new RowSum(), run(new Transpose(), dyf));

      double e = eps / ONE;
      DoubleLayerNorm ref = new DoubleLayerNorm(x, gamma, beta, e);
      double[][] refDx = ref.inputGradient(dy);
      assertClose(y, ref.forward(x), "y");
      assertClose(dx, refDx, "dX");
      assertClose(dgamma, ref.gainGradient(dy), "dgamma");
      assertClose(dbeta, ref.shiftGradient(dy), "dbeta");
      if (trial < 20) {
        assertClose(refDx, ref.finiteDifferenceInputGradient(dy), 1e-5, "analytic vs numeric dX");
      }
    }
  }

  @Test
  void geluSubBlockGradientMatchesTheExactDerivative() {
    Random r = new Random(6);
    double[][] h = random(r, 4, 32, 3.0, 0);
    double[][] dy = random(r, 4, 32, 1.0, 0);
    Tensor dx = run(new GeluBackward(), fixed(dy), fixed(h));
    Tensor y = run(new Gelu(), fixed(h));
    double[][] refY = new double[4][32];
    double[][] refDx = new double[4][32];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 32; j++) {
        refY[i][j] = ExactGelu.gelu(h[i][j]);
        refDx[i][j] = dy[i][j] * ExactGelu.derivative(h[i][j]);
      }
    }
    assertClose(y, refY, "gelu");
    assertClose(dx, refDx, "gelu_backward");
  }

  @Test
  void shapesAndAttributesAreCheckedNamingTheMismatch() {
    Shape x = new Shape(3, 4);
    assertThatThrownBy(() -> new LayerNormStats(0)).hasMessageContaining("eps");
    assertThatThrownBy(() -> new LayerNormStats(1L << 31)).hasMessageContaining("eps");
    assertThatThrownBy(() -> new LayerNormStats(1).outputShape(List.of(new Shape(3, 0))))
        .hasMessageContaining("at least one column");
    assertThatThrownBy(() -> new LayerNormApply().outputShape(List.of(x, new Shape(3, 3))))
        .hasMessageContaining("3x2 statistics");
    assertThatThrownBy(() -> new MulColumn().outputShape(List.of(x, new Shape(3, 1))))
        .hasMessageContaining("4x1 gain");
    assertThatThrownBy(() -> new LayerNormBackwardStats().outputShape(List.of(x, new Shape(3, 5))))
        .hasMessageContaining("one shape");
    assertThatThrownBy(() -> new LayerNormBackward().outputShape(List.of(new Shape(3, 5), x)))
        .hasMessageContaining("even width");
    assertThatThrownBy(() -> new LayerNormBackward().outputShape(List.of(x, new Shape(3, 2))))
        .hasMessageContaining("3x4 packed statistics");
    assertThatThrownBy(() -> new ConcatColumns().outputShape(List.of(x, new Shape(2, 4))))
        .hasMessageContaining("equal row counts");
    assertThatThrownBy(() -> new MulElementwise().outputShape(List.of(x, new Shape(4, 3))))
        .hasMessageContaining("equal shapes");
    assertThatThrownBy(() -> new GeluBackward().outputShape(List.of(x, new Shape(4, 3))))
        .hasMessageContaining("equal shape");
    assertThatThrownBy(() -> new Gelu().outputShape(List.of(x, x)))
        .hasMessageContaining("1 inputs");
    assertThat(new LayerNormStats(655).attributes()).containsExactly(655L);
    assertThat(new LayerNormBackward().outputShape(List.of(new Shape(3, 8), x)))
        .isEqualTo(new Shape(3, 4));
  }

  private static Tensor run(Op op, Tensor... in) {
    return op.compute(List.of(in), Parallel.serial());
  }

  private static double[][] random(Random r, int rows, int cols, double scale, double offset) {
    double[][] v = new double[rows][cols];
    for (double[] row : v) {
      for (int j = 0; j < cols; j++) {
        row[j] = offset + scale * (2 * r.nextDouble() - 1);
      }
    }
    return v;
  }

  /** Q16.16 of the doubles; the reference then uses exactly these quantised values. */
  private static Tensor fixed(double[][] v) {
    int[][] t = new int[v.length][v[0].length];
    for (int i = 0; i < v.length; i++) {
      for (int j = 0; j < v[i].length; j++) {
        t[i][j] = (int) Math.round(v[i][j] * ONE);
        v[i][j] = t[i][j] / ONE;
      }
    }
    return Tensor.wrap(v[0].length, t);
  }

  private static void assertClose(Tensor got, double[][] want, String what) {
    double[][] g = new double[got.rows()][got.cols()];
    for (int i = 0; i < g.length; i++) {
      for (int j = 0; j < g[i].length; j++) {
        g[i][j] = got.get(i, j) / ONE;
      }
    }
    assertClose(g, want, TOLERANCE * Math.max(1, maxAbs(want)), what);
  }

  private static void assertClose(double[][] got, double[][] want, double tol, String what) {
    assertThat(got.length).isEqualTo(want.length);
    for (int i = 0; i < got.length; i++) {
      for (int j = 0; j < got[i].length; j++) {
        assertThat(Math.abs(got[i][j] - want[i][j]))
            .as("%s at (%d, %d): %f vs %f", what, i, j, got[i][j], want[i][j])
            .isLessThanOrEqualTo(tol);
      }
    }
  }

  private static double maxAbs(double[][] v) {
    double m = 0;
    for (double[] row : v) {
      for (double x : row) {
        m = Math.max(m, Math.abs(x));
      }
    }
    return m;
  }
}
