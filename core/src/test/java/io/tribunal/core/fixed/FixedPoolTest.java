package io.tribunal.core.fixed;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FixedPoolTest {
  @Test
  void meanIsTheQuotientRoundedHalfUpWithinHalfAUnit() {
    Random r = new Random(0x9001);
    for (int trial = 0; trial < 200_000; trial++) {
      long count = 1 + r.nextInt(trial % 2 == 0 ? 30 : 100_000);
      long sum = trial % 3 == 0 ? r.nextLong() : (long) r.nextInt() * r.nextInt((int) count + 1);
      BigDecimal exact =
          BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count), 40, RoundingMode.HALF_EVEN);
      long halfUp =
          exact.add(new BigDecimal("0.5")).setScale(0, RoundingMode.FLOOR).longValueExact();
      int expected = Fixed.saturate(halfUp);
      assertThat(FixedPool.mean(sum, count)).as("%d / %d", sum, count).isEqualTo(expected);
      if (halfUp == expected) {
        double err = Math.abs(FixedPool.mean(sum, count) - (double) sum / count);
        assertThat(err).isLessThanOrEqualTo(0.5 + 1e-9 * Math.abs((double) sum / count));
      }
    }
  }

  @Test
  void powerOfTwoCountsEqualRoundShift() {
    Random r = new Random(0x9002);
    for (int k = 1; k <= 20; k++) {
      for (int trial = 0; trial < 2_000; trial++) {
        long sum = (long) r.nextInt() << r.nextInt(k + 1);
        assertThat(FixedPool.mean(sum, 1L << k))
            .isEqualTo(Fixed.saturate(Fixed.roundShift(sum, k)));
      }
    }
  }

  @Test
  void halvesRoundUpAndDegenerateCountsSaturateBySign() {
    assertThat(FixedPool.mean(3, 2)).isEqualTo(2); // 1.5 -> 2
    assertThat(FixedPool.mean(-3, 2)).isEqualTo(-1); // -1.5 -> -1
    assertThat(FixedPool.mean(-5, 3)).isEqualTo(-2); // -1.67 -> -2
    assertThat(FixedPool.mean(Long.MIN_VALUE, 3)).isEqualTo(Integer.MIN_VALUE);
    assertThat(FixedPool.mean(Long.MAX_VALUE, 1)).isEqualTo(Integer.MAX_VALUE);
    assertThat(FixedPool.mean(5, 0)).isEqualTo(Integer.MAX_VALUE);
    assertThat(FixedPool.mean(-5, -2)).isEqualTo(Integer.MIN_VALUE);
    assertThat(FixedPool.mean(0, 0)).isZero();
  }
}
