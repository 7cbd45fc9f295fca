package io.tribunal.protocol.graph;

import io.tribunal.protocol.graph.GraphBuilder.Ref;

/**
 * How a step updates one parameter from its gradient: it emits the update ops and names the
 * parameter's next value (and any state of its own, such as moments, which it declares as further
 * parameters of the committed state).
 */
public interface Optimizer {
  void update(GraphBuilder b, Ref parameter, Ref gradient);
}
