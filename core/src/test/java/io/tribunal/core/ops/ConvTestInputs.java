package io.tribunal.core.ops;

import io.tribunal.core.TestValues;
import io.tribunal.core.tensor.Tensor;
import java.util.Random;

/** Random geometries and tensors for the convolution and pooling op tests. */
final class ConvTestInputs {
  private ConvTestInputs() {}

  /** A small random convolution geometry (any padding, stride and kernel that fits). */
  static ConvGeometry conv(Random r) {
    int padding = r.nextInt(3);
    int h = 1 + r.nextInt(7);
    int w = 1 + r.nextInt(7);
    int kh = 1 + r.nextInt(Math.min(5, h + 2 * padding));
    int kw = 1 + r.nextInt(Math.min(5, w + 2 * padding));
    return new ConvGeometry(1 + r.nextInt(3), h, w, kh, kw, 1 + r.nextInt(3), padding);
  }

  /** A small random pooling geometry (windows may overlap: stride below size). */
  static PoolGeometry pool(Random r) {
    int h = 1 + r.nextInt(7);
    int w = 1 + r.nextInt(7);
    int size = 1 + r.nextInt(Math.min(4, Math.min(h, w)));
    return new PoolGeometry(1 + r.nextInt(3), h, w, size, 1 + r.nextInt(3));
  }

  /**
   * Values by mode: 0 extremes, 1 small with zeros, 2 anything, 3 up to +-2^24 (large enough to
   * saturate, small enough for the kernels' int64 path), 4 few distinct values (ties).
   */
  static Tensor tensor(Random r, int rows, int cols, int mode) {
    if (mode <= 2) {
      return TestValues.tensor(r, rows, cols, mode);
    }
    int[][] t = new int[rows][cols];
    for (int[] row : t) {
      for (int j = 0; j < cols; j++) {
        row[j] = mode == 3 ? r.nextInt(1 << 25) - (1 << 24) : (r.nextInt(3) - 1) << 16;
      }
    }
    return Tensor.wrap(cols, t);
  }
}
