package io.tribunal.core.fixed;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.TestValues;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The AdamW rules: the int64 kernels equal the written definitions on unbounded integers
 * (BigInteger) for extreme and random inputs, the beta power stays within its stated error bound of
 * the real power, and small gradients do not vanish from the second moment.
 */
class FixedAdamTest {
  private static final BigInteger MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.valueOf(Integer.MAX_VALUE);

  /** The stated bound of docs/network-ops.md: |betaPower - 2^30 beta^k| <= 2^12 Q30 units. */
  static final double POWER_BOUND_Q30 = 1 << 12;

  @Test
  void momentsEqualTheirExactDefinitions() {
    Random r = new Random(11);
    long[] betas = {0, 1, 58982, 65470, 65535, 65536};
    for (int i = 0; i < 200_000; i++) {
      int a = TestValues.value(r, i % 3);
      int g = TestValues.value(r, (i / 3) % 3);
      long beta = i % 7 < betas.length ? betas[i % 7] : r.nextInt(65537);
      BigInteger f = BigInteger.valueOf(65536 - beta);
      BigInteger b = BigInteger.valueOf(beta);
      BigInteger m1 = b.multiply(big(a)).add(f.multiply(big(g)));
      assertThat(FixedAdam.moment1(a, g, beta)).isEqualTo(sat(roundShift(m1, 16)));
      BigInteger m2 = b.multiply(big(a)).add(f.multiply(big(g).multiply(big(g))));
      assertThat(FixedAdam.moment2(a, g, beta))
          .as("v %d g %d beta %d", a, g, beta)
          .isEqualTo(sat(roundShift(m2, 16)));
    }
  }

  @Test
  void updateEqualsItsExactDefinition() {
    Random r = new Random(12);
    for (int i = 0; i < 200_000; i++) {
      int w = TestValues.value(r, i % 3);
      int m = TestValues.value(r, (i / 3) % 3);
      int v = TestValues.value(r, (i / 9) % 3);
      long beta1 = i % 5 == 0 ? 65535 : r.nextInt(65536);
      long beta2 = i % 7 == 0 ? 65535 : r.nextInt(65536);
      long step = i % 11 == 0 ? FixedAdam.MAX_STEP : r.nextInt(1 << (1 + r.nextInt(21)));
      long c1 = FixedAdam.biasCorrection(beta1, step);
      long c2 = FixedAdam.biasCorrection(beta2, step);
      long lrt = i % 13 == 0 ? FixedAdam.MAX_LR : r.nextInt(Integer.MAX_VALUE);
      long eps = i % 17 == 0 ? 1 : 1 + r.nextInt(i % 2 == 0 ? 1 << 10 : Integer.MAX_VALUE - 1);
      long wd = i % 19 == 0 ? FixedAdam.MAX_WD : r.nextInt(65537);
      assertThat(c1).isGreaterThanOrEqualTo(1L << 14);
      int expected = referenceUpdate(w, m, v, c1, c2, lrt, eps, wd);
      assertThat(FixedAdam.update(w, m, v, c1, c2, lrt, eps, wd))
          .as("w %d m %d v %d c1 %d c2 %d lrt %d eps %d wd %d", w, m, v, c1, c2, lrt, eps, wd)
          .isEqualTo(expected);
    }
  }

  @Test
  void betaPowerStaysWithinItsBoundOfTheRealPower() {
    Random r = new Random(13);
    double worst = 0;
    // Every beta near 1 (where errors are largest), a coarse grid elsewhere; exponents around the
    // decay length 1 / (1 - beta), small ones and ones up to 2^21.
    for (long beta = 0; beta <= 65536; beta += beta >= 64000 ? 1 : 97) {
      double real1 = beta / 65536.0;
      double decay = beta == 65536 ? 1000 : 1 / (1 - real1);
      for (int i = 0; i < 60; i++) {
        long k = i < 10 ? i : i < 55 ? 1 + (long) (decay * 4 * r.nextDouble()) : r.nextInt(1 << 21);
        long got = FixedAdam.betaPower(beta, k);
        assertThat(got).isBetween(0L, FixedAdam.POW_ONE);
        worst = Math.max(worst, Math.abs(got - Math.pow(real1, k) * FixedAdam.POW_ONE));
      }
    }
    assertThat(worst).isLessThanOrEqualTo(POWER_BOUND_Q30);
    assertThat(FixedAdam.betaPower(58982, 0)).isEqualTo(FixedAdam.POW_ONE);
    assertThat(FixedAdam.betaPower(65536, 1L << 40)).isEqualTo(FixedAdam.POW_ONE);
    assertThat(FixedAdam.betaPower(0, 5)).isZero();
    assertThat(FixedAdam.biasCorrection(65470, (1 << 20))).isEqualTo(FixedAdam.POW_ONE);
  }

  @Test
  void smallGradientsReachTheSecondMomentAndGiveAUnitStep() {
    int g = 64; // ~ 0.001 in Q16.16
    int v = 0;
    int m = 0;
    for (int t = 0; t < 200; t++) {
      m = FixedAdam.moment1(m, g, 58982);
      v = FixedAdam.moment2(v, g, 65470);
      assertThat(v).isPositive();
      long c1 = FixedAdam.biasCorrection(58982, t);
      long c2 = FixedAdam.biasCorrection(65470, t);
      // lr 1.0 (2^24), eps ~ 6e-8: the step is mhat / sqrt(vhat) ~ 1.0 in Q16.16, within the
      // rounding dead band of m (0.5 / (1 - beta1) = 5 units of 64, see docs/network-ops.md).
      int w = FixedAdam.update(0, m, v, c1, c2, 1L << 24, 1, 0);
      assertThat(-w).as("step %d", t).isBetween(65536 * 88 / 100, 65536 * 112 / 100);
    }
  }

  @Test
  void warmupRateIsLinearThenFlat() {
    assertThat(FixedAdam.warmupRate(1000, 10, 0)).isEqualTo(100);
    assertThat(FixedAdam.warmupRate(1000, 10, 4)).isEqualTo(500);
    assertThat(FixedAdam.warmupRate(1000, 10, 9)).isEqualTo(1000);
    assertThat(FixedAdam.warmupRate(1000, 10, 1 << 20)).isEqualTo(1000);
    assertThat(FixedAdam.warmupRate(5, 2, 0)).isEqualTo(3); // 2.5 rounds half up
  }

  /** The update rule on unbounded integers, step by step as docs/network-ops.md writes it. */
  static int referenceUpdate(int w, int m, int v, long c1, long c2, long lrt, long eps, long wd) {
    BigInteger mhat = divHalfUp(big(m).shiftLeft(30), BigInteger.valueOf(c1));
    BigInteger vhat = divHalfUp(big(Math.max(v, 0)).shiftLeft(30), BigInteger.valueOf(c2));
    BigInteger s = vhat.shiftLeft(16).sqrt();
    BigInteger u = big(sat(divHalfUp(mhat.shiftLeft(24), s.add(BigInteger.valueOf(eps)))));
    BigInteger g = u.add(roundShift(BigInteger.valueOf(wd).multiply(big(w)), 16));
    return sat(big(w).subtract(roundShift(BigInteger.valueOf(lrt).multiply(g), 24)));
  }

  private static BigInteger divHalfUp(BigInteger a, BigInteger b) {
    BigInteger[] qr = a.shiftLeft(1).add(b).divideAndRemainder(b.shiftLeft(1));
    return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
  }

  private static BigInteger roundShift(BigInteger x, int s) {
    return x.add(BigInteger.ONE.shiftLeft(s - 1)).shiftRight(s);
  }

  private static int sat(BigInteger x) {
    return x.max(MIN).min(MAX).intValue();
  }

  private static BigInteger big(long x) {
    return BigInteger.valueOf(x);
  }
}
