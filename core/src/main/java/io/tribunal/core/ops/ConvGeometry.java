package io.tribunal.core.ops;

/**
 * The constants of a 2-D convolution over channel-major rows: an image row holds C planes of H x W
 * values (index c*H*W + y*W + x), a kernel row holds C planes of KH x KW taps (index c*KH*KW +
 * ky*KW + kx), the window moves by {@code stride} and reads zeros outside the image ({@code
 * padding} on every side). Output planes are OH x OW with OH = (H + 2*padding - KH) / stride + 1.
 *
 * <p>Invariant: every size is positive (padding non-negative), the kernel fits the padded image,
 * and every size product used as a row width fits an int.
 */
public record ConvGeometry(
    int channels,
    int height,
    int width,
    int kernelHeight,
    int kernelWidth,
    int stride,
    int padding) {
  public ConvGeometry {
    if (channels < 1 || height < 1 || width < 1 || kernelHeight < 1 || kernelWidth < 1) {
      throw new IllegalArgumentException(
          "convolution sizes must be positive, got C H W KH KW = "
              + channels
              + " "
              + height
              + " "
              + width
              + " "
              + kernelHeight
              + " "
              + kernelWidth);
    }
    if (stride < 1 || padding < 0) {
      throw new IllegalArgumentException(
          "stride must be >= 1 and padding >= 0, got " + stride + " and " + padding);
    }
    if (kernelHeight > height + 2L * padding || kernelWidth > width + 2L * padding) {
      throw new IllegalArgumentException(
          "a "
              + kernelHeight
              + "x"
              + kernelWidth
              + " window does not fit a "
              + height
              + "x"
              + width
              + " image with padding "
              + padding);
    }
    checkedProduct(channels, height, width);
    checkedProduct(channels, kernelHeight, kernelWidth);
    checkedProduct(
        channels,
        extent(height, kernelHeight, stride, padding),
        extent(width, kernelWidth, stride, padding));
  }

  /** The attribute order of every convolution op: C, H, W, KH, KW, stride, padding. */
  public long[] attributes() {
    return new long[] {channels, height, width, kernelHeight, kernelWidth, stride, padding};
  }

  /** Output plane height. */
  public int outHeight() {
    return extent(height, kernelHeight, stride, padding);
  }

  /** Output plane width. */
  public int outWidth() {
    return extent(width, kernelWidth, stride, padding);
  }

  private static int extent(int size, int window, int stride, int padding) {
    long n = (size + 2L * padding - window) / stride + 1;
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("output extent " + n + " exceeds 2^31");
    }
    return (int) n;
  }

  /** H * W. */
  public int plane() {
    return height * width;
  }

  /** OH * OW. */
  public int outPlane() {
    return checkedProduct(1, outHeight(), outWidth());
  }

  /** KH * KW. */
  public int taps() {
    return kernelHeight * kernelWidth;
  }

  /** C * H * W: the width of an image row. */
  public int imageCols() {
    return channels * plane();
  }

  /** C * KH * KW: the width of a kernel row. */
  public int kernelCols() {
    return channels * taps();
  }

  /**
   * For output position p = oy*OW + ox and tap s = ky*KW + kx, the plane index (y*W + x) the tap
   * reads, or -1 in the padding: entry p * taps() + s. Precomputed once per op call by kernels.
   */
  public int[] tapMap() {
    int ow = outWidth();
    int taps = taps();
    int[] map = new int[outPlane() * taps];
    for (int p = 0; p < outPlane(); p++) {
      for (int s = 0; s < taps; s++) {
        map[p * taps + s] = source(p / ow, p % ow, s / kernelWidth, s % kernelWidth);
      }
    }
    return map;
  }

  /** The plane index tap (ky, kx) of output (oy, ox) reads, or -1 in the padding. */
  public int source(int oy, int ox, int ky, int kx) {
    long y = (long) oy * stride + ky - padding;
    long x = (long) ox * stride + kx - padding;
    return y < 0 || y >= height || x < 0 || x >= width ? -1 : (int) (y * width + x);
  }

  /** a * b * c, or IllegalArgumentException when it does not fit an int. */
  static int checkedProduct(int a, int b, int c) {
    long ab = (long) a * b;
    long p = ab > Integer.MAX_VALUE ? ab : ab * c;
    if (p > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("tensor width " + a + "*" + b + "*" + c + " exceeds 2^31");
    }
    return (int) p;
  }
}
