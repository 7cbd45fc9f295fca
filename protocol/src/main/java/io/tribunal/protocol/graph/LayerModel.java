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
    backwardAndUpdate(b, built, b.op(LeafOp.SOFTMAX_XENT_GRAD, out, y), optimizer);
    return b.build();
  }

  /**
   * Emits the layers' backward ops in reverse from the loss gradient (the first layer computes no
   * input gradient: it reads the data), then the optimizer's update of every parameter in
   * declaration order.
   */
  static void backwardAndUpdate(GraphBuilder b, List<Layer> layers, Ref grad, Optimizer optimizer) {
    Ref g = grad;
    for (int i = layers.size() - 1; i >= 0; i--) {
      g = layers.get(i).backward(b, g, i > 0);
    }
    for (Layer layer : layers) {
      for (Layer.Gradient p : layer.gradients()) {
        optimizer.update(b, p.parameter(), p.gradient());
      }
    }
  }
}
