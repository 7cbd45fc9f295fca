package io.tribunal.protocol.graph;

import io.tribunal.protocol.graph.GraphBuilder.Ref;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.List;

/**
 * AdamW with a linear warm-up: each parameter gets two moments of its own shape, declared as
 * parameters of the committed state (zeros at step 0) and updated by {@code adam_m}/{@code adam_v};
 * the parameter by {@code adamw_update} of it and the packed moments. The step number is not in the
 * graph: the runner (and the chain) supply it.
 *
 * @param lr learning rate in Q8.24
 * @param warmup warm-up steps
 * @param beta1 first-moment decay in Q16.16
 * @param beta2 second-moment decay in Q16.16
 * @param eps Adam's epsilon in Q8.24
 * @param weightDecay decoupled weight decay in Q16.16
 */
public record AdamW(long lr, long warmup, long beta1, long beta2, long eps, long weightDecay)
    implements Optimizer {
  @Override
  public void update(GraphBuilder b, Ref parameter, Ref gradient) {
    Ref m = b.parameter(NodeKind.PARAM_ZERO, parameter.shape());
    Ref v = b.parameter(NodeKind.PARAM_ZERO, parameter.shape());
    Ref m2 = b.op(LeafOp.ADAM_MOMENT1, List.of(m, gradient), new long[] {beta1}, 0);
    Ref v2 = b.op(LeafOp.ADAM_MOMENT2, List.of(v, gradient), new long[] {beta2}, 0);
    Ref packed = b.op(LeafOp.CONCAT_COLUMNS, m2, v2);
    long[] schedule = {lr, warmup, beta1, beta2, eps, weightDecay};
    b.next(parameter, b.op(LeafOp.ADAMW_UPDATE, List.of(parameter, packed), schedule, 0));
    b.next(m, m2);
    b.next(v, v2);
  }
}
