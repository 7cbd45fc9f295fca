package io.tribunal.core;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Tensor;
import java.util.Random;

/** Value generators for property tests: a mix of extreme, small, zero and arbitrary int32s. */
public final class TestValues {
  private static final int[] EXTREMES = {
    Integer.MIN_VALUE,
    Integer.MAX_VALUE,
    Integer.MIN_VALUE + 1,
    Integer.MAX_VALUE - 1,
    0,
    1,
    -1,
    Fixed.ONE,
    -Fixed.ONE,
    Fixed.ONE / 2,
    -Fixed.ONE / 2
  };

  private TestValues() {}

  /** One value; mode 0 favours extremes, mode 1 small values with zeros, mode 2 anything. */
  public static int value(Random r, int mode) {
    int pick = r.nextInt(10);
    return switch (mode) {
      case 0 -> pick < 6 ? EXTREMES[r.nextInt(EXTREMES.length)] : r.nextInt();
      case 1 -> pick < 4 ? 0 : (pick < 5 ? EXTREMES[r.nextInt(EXTREMES.length)] : small(r));
      default -> pick < 2 ? EXTREMES[r.nextInt(EXTREMES.length)] : r.nextInt();
    };
  }

  private static int small(Random r) {
    return r.nextInt(1 << 20) - (1 << 19);
  }

  public static Tensor tensor(Random r, int rows, int cols, int mode) {
    int[][] t = new int[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[i][j] = value(r, mode);
      }
    }
    return Tensor.wrap(cols, t);
  }
}
