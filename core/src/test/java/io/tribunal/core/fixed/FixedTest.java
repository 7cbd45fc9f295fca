package io.tribunal.core.fixed;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FixedTest {
  @Test
  void roundShiftRoundsHalvesUpIncludingNegatives() {
    assertThat(Fixed.roundShift(3, 1)).isEqualTo(2); // 1.5 -> 2
    assertThat(Fixed.roundShift(-3, 1)).isEqualTo(-1); // -1.5 -> -1
    assertThat(Fixed.roundShift(-5, 2)).isEqualTo(-1); // -1.25 -> -1
    assertThat(Fixed.roundShift(-6, 2)).isEqualTo(-1); // -1.5 -> -1
    assertThat(Fixed.roundShift(-7, 2)).isEqualTo(-2); // -1.75 -> -2
  }

  @Test
  void saturateClampsToInt32() {
    assertThat(Fixed.saturate(1L << 40)).isEqualTo(Integer.MAX_VALUE);
    assertThat(Fixed.saturate(-(1L << 40))).isEqualTo(Integer.MIN_VALUE);
    assertThat(Fixed.saturate(-5)).isEqualTo(-5);
  }

  @Test
  void mulOfExtremesSaturatesInsteadOfThrowing() {
    assertThat(Fixed.mul(Integer.MIN_VALUE, Integer.MIN_VALUE)).isEqualTo(Integer.MAX_VALUE);
    assertThat(Fixed.mul(Integer.MAX_VALUE, Integer.MIN_VALUE)).isEqualTo(Integer.MIN_VALUE);
    assertThat(Fixed.mul(Fixed.ONE, -7)).isEqualTo(-7);
  }

  @Test
  void dotEqualsExactBigIntegerDefinitionOnHugeAndSmallInputs() {
    Random r = new Random(7);
    for (int trial = 0; trial < 2000; trial++) {
      int n = 1 + r.nextInt(300);
      int[] a = new int[n];
      int[] b = new int[n];
      boolean huge = trial % 2 == 0;
      for (int k = 0; k < n; k++) {
        a[k] = huge ? r.nextInt() : r.nextInt(1 << 18) - (1 << 17);
        b[k] = huge ? (r.nextBoolean() ? Integer.MIN_VALUE : r.nextInt()) : r.nextInt(1 << 18);
      }
      assertThat(Fixed.dot(a, b)).isEqualTo(referenceDot(a, b));
    }
  }

  @Test
  void expOfZeroIsExactlyOneAndExpDecreases() {
    assertThat(FixedExp.expNonPositive(0)).isEqualTo(Fixed.ONE);
    assertThat(FixedExp.expNonPositive(5)).isEqualTo(Fixed.ONE);
    assertThat(FixedExp.expNonPositive(Long.MIN_VALUE)).isZero();
    int previous = Fixed.ONE;
    for (long x = 0; x > -20L * Fixed.ONE; x -= 97) {
      int e = FixedExp.expNonPositive(x);
      assertThat(e).isLessThanOrEqualTo(previous).isGreaterThanOrEqualTo(0);
      previous = e;
    }
  }

  @Test
  void expIsWithinTwoUnitsOfTheRealExponential() {
    for (long x = 0; x > -16L * Fixed.ONE; x -= 1013) {
      double exact = StrictMath.exp(x / 65536.0) * 65536.0;
      assertThat((double) FixedExp.expNonPositive(x))
          .isCloseTo(exact, org.assertj.core.data.Offset.offset(2.0));
    }
  }

  @Test
  void softmaxOfAnyRowSumsToOneWithinRounding() {
    Random r = new Random(3);
    for (int trial = 0; trial < 1000; trial++) {
      int[] z = new int[1 + r.nextInt(12)];
      for (int k = 0; k < z.length; k++) {
        z[k] = trial % 3 == 0 ? r.nextInt() : r.nextInt(1 << 20) - (1 << 19);
      }
      long sum = 0;
      for (int p : FixedExp.softmax(z)) {
        sum += p;
      }
      assertThat(sum).isBetween((long) Fixed.ONE - z.length, (long) Fixed.ONE + z.length);
    }
  }

  static int referenceDot(int[] a, int[] b) {
    BigInteger acc = BigInteger.ZERO;
    for (int k = 0; k < a.length; k++) {
      acc = acc.add(BigInteger.valueOf((long) a[k] * b[k]));
    }
    BigInteger shifted = acc.add(BigInteger.valueOf(1 << 15)).shiftRight(16);
    BigInteger max = BigInteger.valueOf(Integer.MAX_VALUE);
    BigInteger min = BigInteger.valueOf(Integer.MIN_VALUE);
    return shifted.max(min).min(max).intValue();
  }

  @Test
  void sqrtIsTheExactFloorRootAtEveryScale() {
    Random r = new Random(11);
    long[] edges = {
      0, 1, 2, 3, 4, (1L << 47) - 1, 1L << 47, Long.MAX_VALUE, 3_037_000_499L * 3_037_000_499L
    };
    for (long x : edges) {
      assertThat(Fixed.isqrt(x))
          .as("isqrt %d", x)
          .isEqualTo(BigInteger.valueOf(x).sqrt().longValue());
    }
    for (int i = 0; i < 20_000; i++) {
      long x = r.nextLong() >>> (1 + r.nextInt(63));
      assertThat(Fixed.isqrt(x))
          .as("isqrt %d", x)
          .isEqualTo(BigInteger.valueOf(x).sqrt().longValue());
    }
    assertThat(Fixed.isqrt(-5)).isZero();
    assertThat(Fixed.sqrt(4 * Fixed.ONE)).isEqualTo(2 * Fixed.ONE);
    assertThat(Fixed.sqrt(-Fixed.ONE)).isZero();
  }

  @Test
  void divRoundsHalfUpAndSaturates() {
    assertThat(Fixed.div(Fixed.ONE, 2 * Fixed.ONE)).isEqualTo(Fixed.ONE / 2);
    assertThat(Fixed.div(-Fixed.ONE, 3 * Fixed.ONE)).isEqualTo(-21845); // -21845.33 -> -21845
    assertThat(Fixed.div(1, 2 * Fixed.ONE)).isEqualTo(1); // 0.5 ulp rounds up
    assertThat(Fixed.div(-1, 2 * Fixed.ONE)).isEqualTo(0); // -0.5 ulp rounds up to 0
    assertThat(Fixed.div(Integer.MAX_VALUE, 1)).isEqualTo(Integer.MAX_VALUE);
    assertThat(Fixed.div(Integer.MIN_VALUE, -1)).isEqualTo(Integer.MAX_VALUE);
    assertThat(Fixed.div(5, 0)).isEqualTo(Integer.MAX_VALUE);
    assertThat(Fixed.div(-5, 0)).isEqualTo(Integer.MIN_VALUE);
    assertThat(Fixed.div(0, 0)).isZero();
    Random r = new Random(12);
    for (int i = 0; i < 20_000; i++) {
      int a = r.nextInt();
      int b = r.nextInt() >> r.nextInt(32);
      if (b == 0) {
        continue;
      }
      BigInteger n = BigInteger.valueOf(a).shiftLeft(17).add(BigInteger.valueOf(b));
      BigInteger d = BigInteger.valueOf(2L * b);
      BigInteger[] qr = n.divideAndRemainder(d);
      BigInteger floor =
          qr[1].signum() != 0 && (qr[1].signum() != d.signum())
              ? qr[0].subtract(BigInteger.ONE)
              : qr[0];
      long exact =
          floor
              .max(BigInteger.valueOf(Integer.MIN_VALUE))
              .min(BigInteger.valueOf(Integer.MAX_VALUE))
              .longValue();
      assertThat(Fixed.div(a, b)).as("div %d / %d", a, b).isEqualTo((int) exact);
    }
  }
}
