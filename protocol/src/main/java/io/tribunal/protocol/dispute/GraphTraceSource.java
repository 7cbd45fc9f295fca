package io.tribunal.protocol.dispute;

import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.graph.OpGraph;
import java.util.List;

/**
 * A {@link TraceSource} of an op-graph job: besides the states, the committed graph, the dataset
 * and every node's tensor at a step, from which the node openings and the leaf move are built
 * ({@link GraphLeafInputs}). {@link GraphTrace} is the trained run; a benchmark can supply a trace
 * that computes only the disputed step.
 */
public interface GraphTraceSource extends TraceSource {
  OpGraph graph();

  Dataset train();

  DatasetCommitment datasetCommitment();

  /** The job's seed (initial parameters, batch draws). */
  long seed();

  /** Every node's tensor at step {@code step} (parameters, data inputs, op outputs), by id. */
  List<Tensor> nodeTensors(long step);

  /** The batch indices step {@code step} gathers. */
  int[] batchIndices(long step);

  @Override
  default int parameterCount() {
    return graph().params();
  }

  @Override
  default List<Tensor> opOutputs(long step) {
    List<Tensor> all = nodeTensors(step);
    return all.subList(graph().params() + graph().data(), all.size());
  }

  @Override
  default NodeOpening pickOpening(boolean atInit, int tensor) {
    int id = atInit ? tensor : graph().params() + graph().data() + tensor;
    return NodeOpening.of(graph().node(id).encode(), graph().proof(id));
  }

  @Override
  default Move.ProveLeaf leaf(Pinpoint p) {
    return GraphLeafInputs.build(this, p);
  }
}
