package io.tribunal.protocol.graph;

/**
 * The image a convolutional layer reads: C planes of H x W values, channel-major in each row (index
 * c*H*W + y*W + x), as an MNIST row of 784 = 1 x 28 x 28 already is.
 */
public record ImageShape(int channels, int height, int width) {
  public ImageShape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "an image needs positive channels, height and width, got "
              + channels
              + "x"
              + height
              + "x"
              + width);
    }
  }

  /** Values per sample row. */
  public int size() {
    return Math.multiplyExact(Math.multiplyExact(channels, height), width);
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
