package io.tribunal.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.TestValues;
import io.tribunal.core.fixed.Fixed;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSumTest {
  @Test
  void finishDotEqualsFixedDotOnExtremeAndOrdinaryRows() {
    Random r = new Random(0xE5);
    for (int trial = 0; trial < 20_000; trial++) {
      int n = trial % 50 == 0 ? 2_000 + r.nextInt(3_000) : r.nextInt(40);
      int[] a = TestValues.tensor(r, 1, n, trial % 3).row(0);
      int[] b = TestValues.tensor(r, 1, n, (trial / 3) % 3).row(0);
      ExactSum sum = new ExactSum();
      for (int k = 0; k < n; k++) {
        sum.add(a[k], b[k]);
      }
      assertThat(sum.finishDot()).as("trial %d", trial).isEqualTo(Fixed.dot(a, b));
    }
  }

  @Test
  void cancellingExtremesStayExact() {
    ExactSum sum = new ExactSum();
    for (int k = 0; k < 1_000; k++) {
      sum.add(Integer.MIN_VALUE, Integer.MIN_VALUE);
      sum.add(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
    sum.add(3, 1 << 15); // 1.5 units: rounds half up to 2 on top of 1000 * 2^31 / 2^16
    assertThat(sum.finishDot()).isEqualTo(1_000 * (1 << 15) + 2);
  }
}
