package io.tribunal.protocol.graph;

import io.tribunal.core.tensor.Shape;
import io.tribunal.protocol.graph.GraphBuilder.Ref;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A classifier written as a layer list, compiled into the op graph of one SGD step: gather the
 * batch (features and labels), run the layers forward, take the softmax cross-entropy gradient of
 * the last output, run the layers backward, and update every parameter with the optimizer (SGD by
 * default) in declaration order.
 *
 * <p>The layers are given as suppliers because a layer instance builds one graph.
 */
public record LayerModel(int inputWidth, List<Supplier<Layer>> layers) {
  public LayerModel {
    layers = List.copyOf(layers);
    if (inputWidth < 1 || layers.isEmpty()) {
      throw new IllegalArgumentException("a model needs a positive input width and a layer");
    }
  }

  /** The step's graph for batch B, SGD step size eta (Q8.24) and N training samples. */
  public OpGraph graph(int batch, long eta, int datasetSize) {
    return graph(batch, new Sgd(eta), datasetSize);
  }

  /** The step's graph for batch B, an optimizer and N training samples. */
  public OpGraph graph(int batch, Optimizer optimizer, int datasetSize) {
    GraphBuilder b = new GraphBuilder();
    Ref features = b.data(NodeKind.DATA_FEATURES, new Shape(datasetSize, inputWidth));
    Ref labels = b.data(NodeKind.DATA_LABELS, new Shape(datasetSize, 1));
    Ref x = b.op(LeafOp.GATHER_ROWS, List.of(features), new long[0], batch);
    Ref y = b.op(LeafOp.GATHER_ROWS, List.of(labels), new long[0], batch);
    List<Layer> built = new ArrayList<>();
    Ref out = x;
    for (Supplier<Layer> s : layers) {
      Layer layer = s.get();
      out = layer.forward(b, out);
      built.add(layer);
    }
    Ref grad = b.op(LeafOp.SOFTMAX_XENT_GRAD, out, y);
    for (int i = built.size() - 1; i >= 0; i--) {
      grad = built.get(i).backward(b, grad, i > 0);
    }
    for (Layer layer : built) {
      for (Layer.Gradient g : layer.gradients()) {
        optimizer.update(b, g.parameter(), g.gradient());
      }
    }
    return b.build();
  }
}
