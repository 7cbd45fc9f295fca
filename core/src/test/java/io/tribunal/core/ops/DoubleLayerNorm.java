package io.tribunal.core.ops;

/**
 * Layer norm y = (x - mu) / sqrt(var + eps) * gamma + beta per row (population variance) in double,
 * with its analytic gradients and a central-finite-difference input gradient: the mathematical
 * reference of {@link LayerNormChainTest}.
 */
final class DoubleLayerNorm {
  private final double[][] x;
  private final double[][] gamma;
  private final double[][] beta;
  private final double eps;

  DoubleLayerNorm(double[][] x, double[][] gamma, double[][] beta, double eps) {
    this.x = x;
    this.gamma = gamma;
    this.beta = beta;
    this.eps = eps;
  }

  double[][] forward(double[][] in) {
    double[][] y = new double[in.length][];
    for (int i = 0; i < in.length; i++) {
      double[] xhat = normalise(in[i]);
      y[i] = new double[xhat.length];
      for (int j = 0; j < xhat.length; j++) {
        y[i][j] = xhat[j] * gamma[j][0] + beta[j][0];
      }
    }
    return y;
  }

  /** dL/dx for L = sum dy * y: rstd * (g - mean(g) - xhat * mean(g * xhat)), g = dy * gamma. */
  double[][] inputGradient(double[][] dy) {
    double[][] dx = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      int d = x[i].length;
      double[] xhat = normalise(x[i]);
      double rstd = 1 / Math.sqrt(variance(x[i]) + eps);
      double m1 = 0;
      double m2 = 0;
      for (int j = 0; j < d; j++) {
        double g = dy[i][j] * gamma[j][0];
        m1 += g / d;
        m2 += g * xhat[j] / d;
      }
      dx[i] = new double[d];
      for (int j = 0; j < d; j++) {
        dx[i][j] = rstd * (dy[i][j] * gamma[j][0] - m1 - xhat[j] * m2);
      }
    }
    return dx;
  }

  /** The same gradient by central differences of L = sum dy * forward(x) (step 1e-5). */
  double[][] finiteDifferenceInputGradient(double[][] dy) {
    double h = 1e-5;
    double[][] dx = new double[x.length][x[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[i].length; j++) {
        double keep = x[i][j];
        x[i][j] = keep + h;
        double up = loss(dy);
        x[i][j] = keep - h;
        double down = loss(dy);
        x[i][j] = keep;
        dx[i][j] = (up - down) / (2 * h);
      }
    }
    return dx;
  }

  /** dgamma[c][0] = sum_r dy[r][c] * xhat[r][c]. */
  double[][] gainGradient(double[][] dy) {
    double[][] dg = new double[gamma.length][1];
    for (int i = 0; i < x.length; i++) {
      double[] xhat = normalise(x[i]);
      for (int j = 0; j < xhat.length; j++) {
        dg[j][0] += dy[i][j] * xhat[j];
      }
    }
    return dg;
  }

  /** dbeta[c][0] = sum_r dy[r][c]. */
  double[][] shiftGradient(double[][] dy) {
    double[][] db = new double[beta.length][1];
    for (double[] row : dy) {
      for (int j = 0; j < row.length; j++) {
        db[j][0] += row[j];
      }
    }
    return db;
  }

  private double loss(double[][] dy) {
    double[][] y = forward(x);
    double l = 0;
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < y[i].length; j++) {
        l += dy[i][j] * y[i][j];
      }
    }
    return l;
  }

  private double[] normalise(double[] row) {
    double mu = mean(row);
    double rstd = 1 / Math.sqrt(variance(row) + eps);
    double[] out = new double[row.length];
    for (int j = 0; j < row.length; j++) {
      out[j] = (row[j] - mu) * rstd;
    }
    return out;
  }

  private static double mean(double[] row) {
    double s = 0;
    for (double v : row) {
      s += v;
    }
    return s / row.length;
  }

  private static double variance(double[] row) {
    double mu = mean(row);
    double s = 0;
    for (double v : row) {
      s += (v - mu) * (v - mu);
    }
    return s / row.length;
  }
}
