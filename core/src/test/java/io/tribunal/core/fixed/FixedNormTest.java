package io.tribunal.core.fixed;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.TestValues;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The normalisation rules equal their exact definitions (docs/network-ops.md) on random rows with
 * extremes mixed in: each is checked against a BigInteger statement of the rule, not against a copy
 * of its code.
 */
class FixedNormTest {
  private static final BigInteger TWO_66 = BigInteger.ONE.shiftLeft(66);

  @Test
  void meanIsTheExactMeanRoundedHalfUp() {
    Random r = new Random(1);
    for (int trial = 0; trial < 5000; trial++) {
      int[] v = TestValues.tensor(r, 1, 1 + r.nextInt(40), trial % 3).row(0);
      BigInteger s = BigInteger.ZERO;
      for (int x : v) {
        s = s.add(BigInteger.valueOf(x));
      }
      // 2*d*(mean) - d <= 2S < 2*d*(mean) + d: mean = floor(S/d + 1/2).
      BigInteger d = BigInteger.valueOf(v.length);
      BigInteger m = BigInteger.valueOf(FixedNorm.mean(v));
      BigInteger twoS = s.shiftLeft(1);
      assertThat(m.shiftLeft(1).multiply(d).subtract(d)).isLessThanOrEqualTo(twoS);
      assertThat(twoS).isLessThan(m.shiftLeft(1).multiply(d).add(d));
    }
    assertThat(FixedNorm.mean(new int[] {1, 2})).isEqualTo(2); // 1.5 -> 2
    assertThat(FixedNorm.mean(new int[] {-1, -2})).isEqualTo(-1); // -1.5 -> -1
    assertThat(FixedNorm.mean(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE}))
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void rstdIsTheNearestIntegerToTheExactReciprocalRoot() {
    Random r = new Random(2);
    for (int trial = 0; trial < 5000; trial++) {
      int[] v = TestValues.tensor(r, 1, 1 + r.nextInt(40), trial % 3).row(0);
      long eps = trial % 4 == 0 ? FixedNorm.MAX_EPS : 1 + r.nextInt(1 << 20);
      long y = FixedNorm.rstd(v, eps);
      BigInteger n = scaledVariance(v, eps);
      BigInteger bound = TWO_66.multiply(BigInteger.valueOf((long) v.length * v.length));
      // y = floor(z + 1/2) with z = d * 2^32 / sqrt(N'):  (2y-1)^2 N' <= 2^66 d^2 < (2y+1)^2 N'.
      if (y > 0) {
        assertThat(BigInteger.valueOf(2 * y - 1).pow(2).multiply(n)).isLessThanOrEqualTo(bound);
      }
      assertThat(BigInteger.valueOf(2 * y + 1).pow(2).multiply(n)).isGreaterThan(bound);
      assertThat(y).isBetween(0L, 1L << 24);
    }
  }

  @Test
  void rstdOfKnownRows() {
    // Variance 1.25: 1 / sqrt(1.25) = 0.894427... -> 58617.
    assertThat(FixedNorm.rstd(new int[] {Fixed.ONE, -Fixed.ONE, 2 * Fixed.ONE, 0}, 1))
        .isEqualTo(58617);
    // A constant row: 1 / sqrt(eps) exactly; eps = 1.0 -> 1.0, eps = 2^-16 -> 256.0.
    assertThat(FixedNorm.rstd(new int[] {7, 7, 7}, Fixed.ONE)).isEqualTo(Fixed.ONE);
    assertThat(FixedNorm.rstd(new int[] {Integer.MIN_VALUE}, 1)).isEqualTo(1 << 24);
  }

  @Test
  void normalizeMeanOfProductsAndBackwardEqualTheirExactDefinitions() {
    Random r = new Random(3);
    for (int trial = 0; trial < 20_000; trial++) {
      int mode = trial % 3;
      int x = TestValues.value(r, mode);
      int mean = TestValues.value(r, mode);
      int rstd = TestValues.value(r, mode);
      BigInteger diff = BigInteger.valueOf((long) x - mean);
      assertThat(FixedNorm.normalize(x, mean, rstd))
          .isEqualTo(sat(roundShift(diff.multiply(BigInteger.valueOf(rstd)), 16)));
      int m2 = TestValues.value(r, mode);
      int g = TestValues.value(r, mode);
      BigInteger u =
          BigInteger.valueOf((long) g - mean)
              .shiftLeft(16)
              .subtract(BigInteger.valueOf(x).multiply(BigInteger.valueOf(m2)));
      assertThat(FixedNorm.backward(g, x, mean, m2, rstd))
          .isEqualTo(sat(roundShift(u.multiply(BigInteger.valueOf(rstd)), 32)));
    }
    for (int trial = 0; trial < 5000; trial++) {
      int n = 1 + r.nextInt(40);
      int[] a = TestValues.tensor(r, 1, n, trial % 3).row(0);
      int[] b = TestValues.tensor(r, 1, n, trial % 3).row(0);
      BigInteger p = BigInteger.ZERO;
      for (int k = 0; k < n; k++) {
        p = p.add(BigInteger.valueOf((long) a[k] * b[k]));
      }
      BigInteger d = BigInteger.valueOf(n).shiftLeft(16);
      // floor((2P + D) / (2D)), floor division of a possibly negative numerator.
      BigInteger[] qr = p.shiftLeft(1).add(d).divideAndRemainder(d.shiftLeft(1));
      BigInteger q = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
      assertThat(FixedNorm.meanOfProducts(a, b)).isEqualTo(sat(q));
    }
  }

  /** N' = d * sum x^2 - (sum x)^2 + eps * d^2 * 2^16. */
  private static BigInteger scaledVariance(int[] v, long eps) {
    BigInteger s = BigInteger.ZERO;
    BigInteger q = BigInteger.ZERO;
    for (int x : v) {
      s = s.add(BigInteger.valueOf(x));
      q = q.add(BigInteger.valueOf(x).pow(2));
    }
    BigInteger d = BigInteger.valueOf(v.length);
    return d.multiply(q)
        .subtract(s.pow(2))
        .add(d.pow(2).multiply(BigInteger.valueOf(eps)).shiftLeft(16));
  }

  private static BigInteger roundShift(BigInteger x, int s) {
    return x.add(BigInteger.ONE.shiftLeft(s - 1)).shiftRight(s);
  }

  private static int sat(BigInteger x) {
    if (x.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
      return Integer.MAX_VALUE;
    }
    return x.max(BigInteger.valueOf(Integer.MIN_VALUE)).intValue();
  }
}
