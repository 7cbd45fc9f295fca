package io.tribunal.protocol.graph;

import io.tribunal.core.ops.PoolGeometry;
import io.tribunal.protocol.graph.GraphBuilder.Ref;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.List;

/** Max or average pooling over square windows; no parameters. */
public final class PoolLayer implements Layer {
  private final boolean max;
  private final PoolGeometry geometry;
  private Ref input;

  public PoolLayer(boolean max, ImageShape in, int size, int stride) {
    this.max = max;
    this.geometry = new PoolGeometry(in.channels(), in.height(), in.width(), size, stride);
  }

  /** The image this layer writes. */
  public ImageShape output() {
    int oh = (geometry.height() - geometry.size()) / geometry.stride() + 1;
    int ow = (geometry.width() - geometry.size()) / geometry.stride() + 1;
    return new ImageShape(geometry.channels(), oh, ow);
  }

  @Override
  public Ref forward(GraphBuilder b, Ref x) {
    input = x;
    LeafOp kind = max ? LeafOp.MAX_POOL2D : LeafOp.AVG_POOL2D;
    return b.op(kind, List.of(x), geometry.attributes(), 0);
  }

  @Override
  public Ref backward(GraphBuilder b, Ref dy, boolean inputGradient) {
    if (!inputGradient) {
      return null;
    }
    return max
        ? b.op(LeafOp.MAX_POOL2D_BACKWARD, List.of(dy, input), geometry.attributes(), 0)
        : b.op(LeafOp.AVG_POOL2D_BACKWARD, List.of(dy), geometry.attributes(), 0);
  }

  @Override
  public List<Gradient> gradients() {
    return List.of();
  }

  @Override
  public String describe() {
    return (max ? "maxpool" : "avgpool")
        + ": {size: "
        + geometry.size()
        + ", stride: "
        + geometry.stride()
        + "}";
  }
}
