package io.tribunal.core.fixed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Error bounds of the fixed-point GELU against the exact x * Phi(x) (double reference): on every
 * 3rd Q16.16 value of [-8, 8] and at the int32 extremes. The bounds are the ones
 * docs/network-ops.md states; the tanh form alone accounts for 4.7e-4 (value) and 8.7e-4
 * (derivative) of them.
 */
class FixedGeluTest {
  /** |gelu(x) - x Phi(x)| bound, real units. */
  static final double GELU_BOUND = 6e-4;

  /** |gelu'(x) - (Phi(x) + x phi(x))| bound, real units. */
  static final double DERIVATIVE_BOUND = 1.1e-3;

  private static final double ONE = Fixed.ONE;

  @Test
  void geluIsWithinItsBoundOnADenseGridOfMinusEightToEight() {
    double worst = 0;
    for (int x = -FixedGelu.CLAMP; x <= FixedGelu.CLAMP; x += 3) {
      double err = Math.abs(FixedGelu.gelu(x) / ONE - ExactGelu.gelu(x / ONE));
      worst = Math.max(worst, err);
    }
    assertThat(worst).isLessThanOrEqualTo(GELU_BOUND).isGreaterThan(4e-4);
  }

  @Test
  void derivativeIsWithinItsBoundOnADenseGridOfMinusEightToEight() {
    double worst = 0;
    for (int x = -FixedGelu.CLAMP; x <= FixedGelu.CLAMP; x += 3) {
      double err = Math.abs(FixedGelu.derivative(x) / ONE - ExactGelu.derivative(x / ONE));
      worst = Math.max(worst, err);
    }
    assertThat(worst).isLessThanOrEqualTo(DERIVATIVE_BOUND).isGreaterThan(8e-4);
  }

  @Test
  void boundsHoldAtTheInt32ExtremesAndBeyondTheClamp() {
    Random r = new Random(11);
    int[] xs = new int[2000];
    for (int i = 0; i < xs.length; i++) {
      xs[i] =
          i < 8
              ? new int[] {
                    Integer.MIN_VALUE,
                    Integer.MAX_VALUE,
                    Integer.MIN_VALUE + 1,
                    Integer.MAX_VALUE - 1,
                    FixedGelu.CLAMP,
                    -FixedGelu.CLAMP,
                    FixedGelu.CLAMP + 1,
                    -FixedGelu.CLAMP - 1
                  }
                  [i]
              : r.nextInt();
    }
    for (int x : xs) {
      double real = x / ONE;
      assertThat(Math.abs(FixedGelu.gelu(x) / ONE - ExactGelu.gelu(real)))
          .as("gelu(%d)", x)
          .isLessThanOrEqualTo(GELU_BOUND);
      assertThat(Math.abs(FixedGelu.derivative(x) / ONE - ExactGelu.derivative(real)))
          .as("gelu'(%d)", x)
          .isLessThanOrEqualTo(DERIVATIVE_BOUND);
    }
    assertThat(FixedGelu.gelu(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    assertThat(FixedGelu.gelu(Integer.MIN_VALUE)).isZero();
    assertThat(FixedGelu.derivative(Integer.MAX_VALUE)).isEqualTo(Fixed.ONE);
    assertThat(FixedGelu.derivative(Integer.MIN_VALUE)).isZero();
  }

  @Test
  void sigmoidIsExactlyOneOrZeroAtTheClampAndHalfAtZero() {
    assertThat(FixedGelu.sigmoid(FixedGelu.argument(FixedGelu.CLAMP))).isEqualTo(Fixed.ONE);
    assertThat(FixedGelu.sigmoid(FixedGelu.argument(-FixedGelu.CLAMP))).isZero();
    assertThat(FixedGelu.sigmoid(0)).isEqualTo(Fixed.ONE / 2);
    assertThat(FixedGelu.sigmoid(Long.MIN_VALUE)).isZero();
    assertThat(FixedGelu.sigmoid(Long.MAX_VALUE)).isEqualTo(Fixed.ONE);
    for (long z = -20L * Fixed.ONE; z <= 20L * Fixed.ONE; z += 4099) {
      double exact = 1 / (1 + Math.exp(-z / ONE));
      assertThat(Math.abs(FixedGelu.sigmoid(z) / ONE - exact)).isLessThanOrEqualTo(3 / ONE);
    }
  }

  @Test
  void geluIsNonDecreasingAboveItsMinimum() {
    int previous = FixedGelu.gelu(0);
    for (int x = 0; x <= 2 * FixedGelu.CLAMP; x += 17) {
      int g = FixedGelu.gelu(x);
      assertThat(g).isGreaterThanOrEqualTo(previous);
      previous = g;
    }
  }
}
