package io.tribunal.protocol.graph;

import io.tribunal.core.ops.ConvGeometry;
import io.tribunal.core.tensor.Shape;
import io.tribunal.protocol.graph.GraphBuilder.Ref;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.List;

/**
 * A 2-D convolution with a per-channel bias: kernel K of shape OC x (C*KH*KW) (He-uniform, fan-in
 * C*KH*KW), bias OC x 1 (zeros). Backward: the bias gradient is the row sums of dY laid out one row
 * per channel ({@code channels_by_row}), the kernel gradient is {@code conv2d_weight_grad} of that
 * layout and the input's, and the input gradient is {@code conv2d_input_grad} of dY and the kernel
 * laid out one row per input channel.
 */
public final class Conv2dLayer implements Layer {
  private final ConvGeometry geometry;
  private final int filters;
  private Ref input;
  private Ref kernel;
  private Ref bias;
  private List<Gradient> gradients = List.of();

  public Conv2dLayer(ImageShape in, int filters, int kernel, int stride, int padding) {
    if (filters < 1) {
      throw new IllegalArgumentException("a convolution needs at least one filter");
    }
    this.geometry =
        new ConvGeometry(in.channels(), in.height(), in.width(), kernel, kernel, stride, padding);
    this.filters = filters;
  }

  /** The image this layer writes. */
  public ImageShape output() {
    return new ImageShape(filters, geometry.outHeight(), geometry.outWidth());
  }

  private int taps() {
    return geometry.channels() * geometry.kernelHeight() * geometry.kernelWidth();
  }

  private int plane() {
    return geometry.outHeight() * geometry.outWidth();
  }

  @Override
  public Ref forward(GraphBuilder b, Ref x) {
    input = x;
    kernel = b.parameter(NodeKind.PARAM_HE_UNIFORM, new Shape(filters, taps()), taps());
    bias = b.parameter(NodeKind.PARAM_ZERO, new Shape(filters, 1));
    Ref z = b.op(LeafOp.CONV2D, List.of(x, kernel), geometry.attributes(), 0);
    return b.op(LeafOp.ADD_CHANNEL_BIAS, List.of(z, bias), new long[] {filters, plane()}, 0);
  }

  @Override
  public Ref backward(GraphBuilder b, Ref dy, boolean inputGradient) {
    Ref g = b.op(LeafOp.CHANNELS_BY_ROW, List.of(dy), new long[] {filters, plane()}, 0);
    Ref db = b.op(LeafOp.ROW_SUM, g);
    int channels = geometry.channels();
    long pixels = (long) geometry.height() * geometry.width();
    Ref xc = b.op(LeafOp.CHANNELS_BY_ROW, List.of(input), new long[] {channels, pixels}, 0);
    Ref dK = b.op(LeafOp.CONV2D_WEIGHT_GRAD, List.of(g, xc), geometry.attributes(), 0);
    gradients = List.of(new Gradient(kernel, dK), new Gradient(bias, db));
    if (!inputGradient) {
      return null;
    }
    long window = (long) geometry.kernelHeight() * geometry.kernelWidth();
    Ref kt = b.op(LeafOp.CHANNELS_BY_ROW, List.of(kernel), new long[] {channels, window}, 0);
    return b.op(LeafOp.CONV2D_INPUT_GRAD, List.of(dy, kt), geometry.attributes(), 0);
  }

  @Override
  public List<Gradient> gradients() {
    return gradients;
  }

  @Override
  public String describe() {
    return "conv: {filters: "
        + filters
        + ", kernel: "
        + geometry.kernelHeight()
        + ", stride: "
        + geometry.stride()
        + ", padding: "
        + geometry.padding()
        + "}";
  }
}
