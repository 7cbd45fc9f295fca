package io.tribunal.core.ops;

/**
 * The constants of a 2-D pooling layer over channel-major rows (C planes of H x W): square windows
 * of {@code size} x {@code size} moved by {@code stride}, no padding, OH = (H - size) / stride + 1.
 * Attribute order: C, H, W, size, stride.
 *
 * <p>Invariant: every size is positive and the window fits the plane (see {@link ConvGeometry}, of
 * which a pooling geometry is the case KH = KW = size, padding 0).
 */
public record PoolGeometry(int channels, int height, int width, int size, int stride) {
  public PoolGeometry {
    if (size > height || size > width) {
      throw new IllegalArgumentException(
          "a "
              + size
              + "x"
              + size
              + " pooling window does not fit a "
              + height
              + "x"
              + width
              + " plane");
    }
    new ConvGeometry(channels, height, width, size, size, stride, 0);
  }

  /** C, H, W, size, stride. */
  public long[] attributes() {
    return new long[] {channels, height, width, size, stride};
  }

  /** The same window walk as a convolution geometry (KH = KW = size, padding 0). */
  public ConvGeometry conv() {
    return new ConvGeometry(channels, height, width, size, size, stride, 0);
  }

  /** size * size: the number of values a window averages. */
  public int window() {
    return size * size;
  }
}
