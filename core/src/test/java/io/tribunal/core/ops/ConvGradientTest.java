package io.tribunal.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The backward ops (and the layouts that feed them) against central finite differences of a
 * double-precision forward pass, on small well-scaled inputs (values in [-2, 2] on a 2^-8 grid).
 * For a loss L = sum(dY * f(...)), dL/dinput is what each backward op must produce; one rounding of
 * an exact sum keeps every fixed-point gradient within 2^-17 of the true one (tolerance 2^-16).
 */
class ConvGradientTest {
  private static final double ONE = Fixed.ONE;
  private static final double TOLERANCE = 1.0 / (1 << 16);
  private static final double H = 1.0 / 1024;

  @Test
  void conv2dGradientsOfInputKernelAndBiasMatchFiniteDifferences() {
    Random r = new Random(0xC0DE);
    for (int trial = 0; trial < 40; trial++) {
      ConvGeometry g = ConvTestInputs.conv(r);
      int batch = 1 + r.nextInt(3);
      int oc = 1 + r.nextInt(3);
      Tensor x = grid(r, batch, g.imageCols(), 2);
      Tensor k = grid(r, oc, g.kernelCols(), 2);
      Tensor bias = grid(r, oc, 1, 2);
      Tensor dy = grid(r, batch, oc * g.outPlane(), 2);
      double[][] xd = real(x);
      double[][] kd = real(k);
      double[][] bd = real(bias);
      DoubleSupplier loss = () -> dotAll(real(dy), forward(g, xd, kd, bd));

      Tensor y = run(new Conv2d(g), x, k);
      double[][] yd = forward(g, xd, kd, new double[oc][1]);
      assertClose(real(y), yd, "conv2d forward");

      Tensor kt = run(new ChannelsByRow(g.channels(), g.taps()), k);
      assertClose(real(run(new Conv2dInputGrad(g), dy, kt)), numeric(xd, loss), "dX");

      Tensor dyc = run(new ChannelsByRow(oc, g.outPlane()), dy);
      Tensor xc = run(new ChannelsByRow(g.channels(), g.plane()), x);
      assertClose(real(run(new Conv2dWeightGrad(g), dyc, xc)), numeric(kd, loss), "dK");
      assertClose(real(run(new RowSum(), dyc)), numeric(bd, loss), "dBias");
      Tensor withBias = run(new AddChannelBias(oc, g.outPlane()), y, bias);
      assertClose(real(withBias), forward(g, xd, kd, bd), "add_channel_bias forward");
    }
  }

  @Test
  void poolingGradientsMatchFiniteDifferences() {
    Random r = new Random(0xB001);
    for (int trial = 0; trial < 60; trial++) {
      PoolGeometry p = ConvTestInputs.pool(r);
      ConvGeometry g = p.conv();
      int batch = 1 + r.nextInt(3);
      Tensor x = distinct(r, batch, g.imageCols());
      Tensor dy = grid(r, batch, p.channels() * g.outPlane(), 2);
      double[][] xd = real(x);
      double[][] dyd = real(dy);
      assertClose(real(run(new MaxPool2d(p), x)), pool(g, xd, true), "max_pool2d");
      assertClose(real(run(new AvgPool2d(p), x)), pool(g, xd, false), "avg_pool2d");
      assertClose(
          real(run(new MaxPool2dBackward(p), dy, x)),
          numeric(xd, () -> dotAll(dyd, pool(g, xd, true))),
          "max_pool2d_backward");
      assertClose(
          real(run(new AvgPool2dBackward(p), dy)),
          numeric(xd, () -> dotAll(dyd, pool(g, xd, false))),
          "avg_pool2d_backward");
    }
  }

  @Test
  void maxPoolTiesGoToTheFirstMaximumAndOverlappingWindowsAdd() {
    // One 3x3 plane, 2x2 windows at stride 1 (four overlapping windows).
    PoolGeometry p = new PoolGeometry(1, 3, 3, 2, 1);
    Tensor flat = Tensor.of(new int[][] {{5, 5, 5, 5, 5, 5, 5, 5, 5}});
    Tensor dy = Tensor.of(new int[][] {{1, 10, 100, 1000}});
    // All equal: each window's first tap (its top-left pixel) wins.
    assertThat(run(new MaxPool2dBackward(p), dy, flat).row(0))
        .containsExactly(1, 10, 0, 100, 1000, 0, 0, 0, 0);
    Tensor peak = Tensor.of(new int[][] {{0, 0, 0, 0, 9, 0, 0, 0, 0}});
    assertThat(run(new MaxPool2dBackward(p), dy, peak).row(0))
        .containsExactly(0, 0, 0, 0, 1111, 0, 0, 0, 0);
    Tensor big = Tensor.of(new int[][] {{Integer.MAX_VALUE}});
    Tensor sameWinner = Tensor.of(new int[][] {{0, 3, 3, 0}});
    assertThat(run(new MaxPool2dBackward(new PoolGeometry(1, 2, 2, 2, 1)), big, sameWinner).row(0))
        .as("(0, 1) is the first of two maxima in row-major order")
        .containsExactly(0, Integer.MAX_VALUE, 0, 0);
  }

  private static Tensor run(Op op, Tensor... in) {
    return op.compute(List.of(in), Parallel.serial());
  }

  /** Values on a 2^-8 grid within +-range, exactly representable in Q16.16 and in double. */
  private static Tensor grid(Random r, int rows, int cols, int range) {
    int[][] t = new int[rows][cols];
    for (int[] row : t) {
      for (int j = 0; j < cols; j++) {
        row[j] = (r.nextInt(2 * range * 256 + 1) - range * 256) << 8;
      }
    }
    return Tensor.wrap(cols, t);
  }

  /** Pairwise distinct values 1/8 apart (no ties, so max pooling is differentiable). */
  private static Tensor distinct(Random r, int rows, int cols) {
    int[][] t = new int[rows][cols];
    int n = rows * cols;
    int[] perm = r.ints(0, Integer.MAX_VALUE).distinct().limit(n).toArray();
    for (int i = 0; i < n; i++) {
      int rank = 0;
      for (int v : perm) {
        rank += v < perm[i] ? 1 : 0;
      }
      t[i / cols][i % cols] = (rank - n / 2) * (Fixed.ONE / 8);
    }
    return Tensor.wrap(cols, t);
  }

  private static double[][] real(Tensor t) {
    double[][] d = new double[t.rows()][t.cols()];
    for (int i = 0; i < d.length; i++) {
      for (int j = 0; j < t.cols(); j++) {
        d[i][j] = t.get(i, j) / ONE;
      }
    }
    return d;
  }

  /** y[b][(oc, oy, ox)] = bias[oc] + sum x[b][c, oy*s+ky-p, ox*s+kx-p] * k[oc][c, ky, kx]. */
  static double[][] forward(ConvGeometry g, double[][] x, double[][] k, double[][] bias) {
    int positions = g.outPlane();
    double[][] y = new double[x.length][k.length * positions];
    for (int b = 0; b < x.length; b++) {
      for (int oc = 0; oc < k.length; oc++) {
        for (int oy = 0; oy < g.outHeight(); oy++) {
          for (int ox = 0; ox < g.outWidth(); ox++) {
            double s = bias[oc][0];
            for (int c = 0; c < g.channels(); c++) {
              for (int ky = 0; ky < g.kernelHeight(); ky++) {
                for (int kx = 0; kx < g.kernelWidth(); kx++) {
                  int iy = oy * g.stride() + ky - g.padding();
                  int ix = ox * g.stride() + kx - g.padding();
                  if (iy >= 0 && iy < g.height() && ix >= 0 && ix < g.width()) {
                    s +=
                        x[b][(c * g.height() + iy) * g.width() + ix]
                            * k[oc][(c * g.kernelHeight() + ky) * g.kernelWidth() + kx];
                  }
                }
              }
            }
            y[b][oc * positions + oy * g.outWidth() + ox] = s;
          }
        }
      }
    }
    return y;
  }

  private static double[][] pool(ConvGeometry g, double[][] x, boolean max) {
    int positions = g.outPlane();
    double[][] y = new double[x.length][g.channels() * positions];
    for (int b = 0; b < x.length; b++) {
      for (int c = 0; c < g.channels(); c++) {
        for (int p = 0; p < positions; p++) {
          double acc = max ? Double.NEGATIVE_INFINITY : 0;
          for (int ky = 0; ky < g.kernelHeight(); ky++) {
            for (int kx = 0; kx < g.kernelWidth(); kx++) {
              int iy = p / g.outWidth() * g.stride() + ky;
              int ix = p % g.outWidth() * g.stride() + kx;
              double v = x[b][(c * g.height() + iy) * g.width() + ix];
              acc = max ? Math.max(acc, v) : acc + v / g.taps();
            }
          }
          y[b][c * positions + p] = acc;
        }
      }
    }
    return y;
  }

  private static double dotAll(double[][] a, double[][] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        s += a[i][j] * b[i][j];
      }
    }
    return s;
  }

  /** Central differences of loss w.r.t. every entry of v (perturbed in place, then restored). */
  private static double[][] numeric(double[][] v, DoubleSupplier loss) {
    double[][] grad = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      grad[i] = new double[v[i].length];
      for (int j = 0; j < v[i].length; j++) {
        double keep = v[i][j];
        v[i][j] = keep + H;
        double up = loss.getAsDouble();
        v[i][j] = keep - H;
        double down = loss.getAsDouble();
        v[i][j] = keep;
        grad[i][j] = (up - down) / (2 * H);
      }
    }
    return grad;
  }

  private static void assertClose(double[][] actual, double[][] expected, String what) {
    assertThat(actual.length).as(what).isEqualTo(expected.length);
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i].length).as(what).isEqualTo(expected[i].length);
      for (int j = 0; j < actual[i].length; j++) {
        assertThat(Math.abs(actual[i][j] - expected[i][j]))
            .as("%s at (%d, %d): %f vs %f", what, i, j, actual[i][j], expected[i][j])
            .isLessThanOrEqualTo(TOLERANCE);
      }
    }
  }
}
