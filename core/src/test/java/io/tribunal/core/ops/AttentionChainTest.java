package io.tribunal.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Causal multi-head self-attention composed from the attention ops (the op sequence of
 * docs/network-ops.md) against a double-precision reference: the forward output within {@link
 * #FORWARD_TOLERANCE} and the gradients w.r.t. Q, K and V within {@link #BACKWARD_TOLERANCE} on
 * inputs in [-1, 1] (B = 2, T = 7, H = 2, dh = 4; measured worst errors 2.8e-5 and 2.4e-5, about 2
 * units of 2^-16); the reference gradient is itself checked against central finite differences. The
 * causal mask really masks: changing a later key or value never changes an earlier output or query
 * gradient, bit for bit.
 */
class AttentionChainTest {
  static final double FORWARD_TOLERANCE = 1e-4;
  static final double BACKWARD_TOLERANCE = 2e-4;

  private static final int B = 2;
  private static final int T = 7;
  private static final int H = 2;
  private static final int DH = 4;
  private static final int D = H * DH;

  /** round(2^16 / sqrt(4)). */
  private static final int SCALE = 32768;

  /** The fixed-point outputs of one forward and backward pass. */
  record Pass(Tensor out, Tensor p, Tensor dq, Tensor dk, Tensor dv) {}

  static Tensor run(Op op, Tensor... in) {
    return op.compute(List.of(in), Parallel.serial());
  }

  /** Forward and backward of causal self-attention, as a program would invoke the ops. */
  static Pass pass(Tensor q, Tensor k, Tensor v, Tensor dOut) {
    SplitHeads split = new SplitHeads(T, H);
    MergeHeads merge = new MergeHeads(T, H, DH);
    BlockMatMul scores = new BlockMatMul(T, T);
    BlockMatMul byHead = new BlockMatMul(T, DH);
    BlockTranspose square = new BlockTranspose(T, T);
    BlockTranspose narrow = new BlockTranspose(T, DH);
    ScaleBy scale = new ScaleBy(SCALE);
    Tensor qh = run(scale, run(split, q));
    Tensor kh = run(split, k);
    Tensor vh = run(split, v);
    Tensor p = run(new CausalSoftmax(T), run(scores, qh, kh));
    Tensor out = run(merge, run(byHead, p, run(narrow, vh)));
    Tensor doh = run(split, dOut);
    Tensor dp = run(scores, doh, vh);
    Tensor ds = run(new SoftmaxBackward(), p, dp);
    Tensor dq = run(merge, run(byHead, ds, run(narrow, run(scale, kh))));
    Tensor dk = run(merge, run(byHead, run(square, ds), run(narrow, qh)));
    Tensor dv = run(merge, run(byHead, run(square, p), run(narrow, doh)));
    return new Pass(out, p, dq, dk, dv);
  }

  @Test
  void forwardAndBackwardMatchTheDoublePrecisionReference() {
    double worstForward = 0;
    double worstBackward = 0;
    for (long seed = 1; seed <= 20; seed++) {
      Random r = new Random(seed);
      Tensor q = uniform(r);
      Tensor k = uniform(r);
      Tensor v = uniform(r);
      Tensor dOut = uniform(r);
      Pass fixed = pass(q, k, v, dOut);
      Reference ref = new Reference(real(q), real(k), real(v));
      double[][][] grads = ref.gradients(real(dOut));
      worstForward = Math.max(worstForward, maxError(fixed.out(), ref.out()));
      worstBackward = Math.max(worstBackward, maxError(fixed.dq(), grads[0]));
      worstBackward = Math.max(worstBackward, maxError(fixed.dk(), grads[1]));
      worstBackward = Math.max(worstBackward, maxError(fixed.dv(), grads[2]));
    }
    System.out.printf("worst forward %.2e, backward %.2e%n", worstForward, worstBackward);
    assertThat(worstForward).as("forward max abs error").isLessThan(FORWARD_TOLERANCE);
    assertThat(worstBackward).as("backward max abs error").isLessThan(BACKWARD_TOLERANCE);
  }

  @Test
  void theReferenceGradientIsTheDerivativeOfTheReferenceForward() {
    Random r = new Random(7);
    double[][] q = real(uniform(r));
    double[][] k = real(uniform(r));
    double[][] v = real(uniform(r));
    double[][] dOut = real(uniform(r));
    double[][][] grads = new Reference(q, k, v).gradients(dOut);
    double[][][] inputs = {q, k, v};
    double h = 1e-6;
    for (int which = 0; which < 3; which++) {
      for (int row = 0; row < B * T; row += 3) {
        for (int col = 0; col < D; col += 3) {
          double keep = inputs[which][row][col];
          inputs[which][row][col] = keep + h;
          double up = loss(new Reference(q, k, v).out(), dOut);
          inputs[which][row][col] = keep - h;
          double down = loss(new Reference(q, k, v).out(), dOut);
          inputs[which][row][col] = keep;
          assertThat(grads[which][row][col]).isCloseTo((up - down) / (2 * h), within(1e-6));
        }
      }
    }
  }

  @Test
  void aLaterKeyOrValueNeverChangesAnEarlierPosition() {
    Random r = new Random(11);
    Tensor q = uniform(r);
    Tensor k = uniform(r);
    Tensor v = uniform(r);
    Tensor dOut = uniform(r);
    Pass base = pass(q, k, v, dOut);
    for (int b = 0; b < B; b++) {
      for (int later = 0; later < T; later++) {
        Tensor k2 = k.copy();
        Tensor v2 = v.copy();
        int row = b * T + later;
        for (int c = 0; c < D; c++) {
          k2.data()[row][c] = r.nextInt(2 * Fixed.ONE) - Fixed.ONE;
          v2.data()[row][c] = r.nextInt(2 * Fixed.ONE) - Fixed.ONE;
        }
        Pass changed = pass(q, k2, v2, dOut);
        for (int i = 0; i < B * T; i++) {
          boolean earlier = i / T != b || i % T < later;
          if (earlier) {
            assertThat(changed.out().row(i)).as("output row %d", i).isEqualTo(base.out().row(i));
            assertThat(changed.dq().row(i)).as("dQ row %d", i).isEqualTo(base.dq().row(i));
          }
        }
        assertThat(changed.out().row(row))
            .as("the changed position itself")
            .isNotEqualTo(base.out().row(row));
      }
    }
    for (int i = 0; i < H * B * T; i++) {
      for (int c = i % T + 1; c < T; c++) {
        assertThat(base.p().get(i, c)).isZero();
      }
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  private static double loss(double[][] out, double[][] dOut) {
    double l = 0;
    for (int i = 0; i < out.length; i++) {
      for (int c = 0; c < out[i].length; c++) {
        l += out[i][c] * dOut[i][c];
      }
    }
    return l;
  }

  private static Tensor uniform(Random r) {
    int[][] t = new int[B * T][D];
    for (int[] row : t) {
      for (int c = 0; c < D; c++) {
        row[c] = r.nextInt(2 * Fixed.ONE + 1) - Fixed.ONE;
      }
    }
    return Tensor.wrap(D, t);
  }

  private static double[][] real(Tensor t) {
    double[][] x = new double[t.rows()][t.cols()];
    for (int i = 0; i < t.rows(); i++) {
      for (int c = 0; c < t.cols(); c++) {
        x[i][c] = t.get(i, c) / (double) Fixed.ONE;
      }
    }
    return x;
  }

  private static double maxError(Tensor fixed, double[][] ref) {
    double worst = 0;
    for (int i = 0; i < fixed.rows(); i++) {
      for (int c = 0; c < fixed.cols(); c++) {
        worst = Math.max(worst, Math.abs(fixed.get(i, c) / (double) Fixed.ONE - ref[i][c]));
      }
    }
    return worst;
  }

  /** Textbook causal attention in double: softmax((Q_h K_h^T) / sqrt(dh), masked) V_h per head. */
  static final class Reference {
    private final double[][] q;
    private final double[][] k;
    private final double[][] v;
    private final double[][][][] p = new double[B][H][T][T];

    Reference(double[][] q, double[][] k, double[][] v) {
      this.q = q;
      this.k = k;
      this.v = v;
      for (int b = 0; b < B; b++) {
        for (int h = 0; h < H; h++) {
          for (int i = 0; i < T; i++) {
            double max = Double.NEGATIVE_INFINITY;
            double[] s = new double[i + 1];
            for (int j = 0; j <= i; j++) {
              s[j] = dot(q[b * T + i], k[b * T + j], h) / Math.sqrt(DH);
              max = Math.max(max, s[j]);
            }
            double sum = 0;
            for (int j = 0; j <= i; j++) {
              s[j] = Math.exp(s[j] - max);
              sum += s[j];
            }
            for (int j = 0; j <= i; j++) {
              p[b][h][i][j] = s[j] / sum;
            }
          }
        }
      }
    }

    private static double dot(double[] x, double[] y, int h) {
      double acc = 0;
      for (int e = 0; e < DH; e++) {
        acc += x[h * DH + e] * y[h * DH + e];
      }
      return acc;
    }

    double[][] out() {
      double[][] o = new double[B * T][D];
      for (int b = 0; b < B; b++) {
        for (int h = 0; h < H; h++) {
          for (int i = 0; i < T; i++) {
            for (int j = 0; j <= i; j++) {
              for (int e = 0; e < DH; e++) {
                o[b * T + i][h * DH + e] += p[b][h][i][j] * v[b * T + j][h * DH + e];
              }
            }
          }
        }
      }
      return o;
    }

    /** dL/dQ, dL/dK, dL/dV for L = sum(out * dOut). */
    double[][][] gradients(double[][] dOut) {
      double[][] dq = new double[B * T][D];
      double[][] dk = new double[B * T][D];
      double[][] dv = new double[B * T][D];
      for (int b = 0; b < B; b++) {
        for (int h = 0; h < H; h++) {
          for (int i = 0; i < T; i++) {
            double[] dp = new double[i + 1];
            double inner = 0;
            for (int j = 0; j <= i; j++) {
              dp[j] = dot(dOut[b * T + i], v[b * T + j], h);
              inner += p[b][h][i][j] * dp[j];
            }
            for (int j = 0; j <= i; j++) {
              double ds = p[b][h][i][j] * (dp[j] - inner) / Math.sqrt(DH);
              for (int e = 0; e < DH; e++) {
                dq[b * T + i][h * DH + e] += ds * k[b * T + j][h * DH + e];
                dk[b * T + j][h * DH + e] += ds * q[b * T + i][h * DH + e];
                dv[b * T + j][h * DH + e] += p[b][h][i][j] * dOut[b * T + i][h * DH + e];
              }
            }
          }
        }
      }
      return new double[][][] {dq, dk, dv};
    }
  }
}
