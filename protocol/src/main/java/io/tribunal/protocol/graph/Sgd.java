package io.tribunal.protocol.graph;

import io.tribunal.protocol.graph.GraphBuilder.Ref;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.List;

/** Plain SGD: W' = W − eta·G with eta = lr / B in Q8.24 ({@code sgd_update}). */
public record Sgd(long eta) implements Optimizer {
  @Override
  public void update(GraphBuilder b, Ref parameter, Ref gradient) {
    b.next(parameter, b.op(LeafOp.SGD_UPDATE, List.of(parameter, gradient), new long[] {eta}, 0));
  }
}
