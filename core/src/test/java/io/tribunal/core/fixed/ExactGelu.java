package io.tribunal.core.fixed;

/**
 * The exact GELU x * Phi(x) and its derivative Phi(x) + x * phi(x) in double, as the mathematical
 * reference of the error-bound tests (tests may use floating point; core's src/main may not).
 */
public final class ExactGelu {
  private ExactGelu() {}

  public static double gelu(double x) {
    return x * cdf(x);
  }

  public static double derivative(double x) {
    return cdf(x) + x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
  }

  /** Standard normal CDF Phi(x) = erfc(-x / sqrt 2) / 2. */
  static double cdf(double x) {
    return 0.5 * erfc(-x / Math.sqrt(2));
  }

  /**
   * erfc by its Maclaurin series for |t| < 3 (relative error ~1e-12 after cancellation) and by its
   * continued fraction beyond (~1e-15).
   */
  static double erfc(double t) {
    if (t < 0) {
      return 2 - erfc(-t);
    }
    if (t < 3) {
      double sum = t;
      double term = t;
      double t2 = t * t;
      for (int n = 1; n < 120; n++) {
        term *= -t2 / n;
        sum += term / (2 * n + 1);
      }
      return 1 - 2 / Math.sqrt(Math.PI) * sum;
    }
    double f = 0;
    for (int n = 80; n >= 1; n--) {
      f = n / 2.0 / (t + f);
    }
    return Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + f);
  }
}
