package io.tribunal.protocol.graph;

import io.tribunal.protocol.graph.GraphBuilder.Ref;
import java.util.List;

/**
 * One layer of a layer-list model: it declares its parameters and emits its forward ops, then,
 * given the gradient of its output, emits its backward ops. An instance builds one graph.
 */
public interface Layer {
  /** A parameter and the op output holding its gradient. */
  record Gradient(Ref parameter, Ref gradient) {}

  /** Declares the parameters and emits the forward ops over {@code x}; returns the output. */
  Ref forward(GraphBuilder b, Ref x);

  /**
   * Emits the backward ops for output gradient {@code dy}; returns the input gradient, or null when
   * {@code inputGradient} is false (the layer reads the data, nothing needs it).
   */
  Ref backward(GraphBuilder b, Ref dy, boolean inputGradient);

  /** The parameters' gradients, in declaration order (after {@link #backward}). */
  List<Gradient> gradients();

  /** The layer as a model file writes it, e.g. {@code dense: 128}. */
  String describe();
}
