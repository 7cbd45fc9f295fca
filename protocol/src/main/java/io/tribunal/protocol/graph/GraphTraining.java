package io.tribunal.protocol.graph;

import io.tribunal.core.commit.Domain;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.Keccak;
import io.tribunal.core.commit.TraceCommitment;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.model.BatchSampler;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains an op graph for n steps and commits the run as the MLP trainer does: the state hash h_t
 * over every parameter of the graph (optimizer moments included) at steps 0, K, 2K, …, n, and the
 * trace root over them bound to a config hash. The config hash keeps the layout of core's {@code
 * TrainingConfig.configHash} with the graph root in the model slot and eta 0 (the step sizes are
 * attributes of the graph): {@code keccak(0x06 ‖ graphRoot ‖ datasetRoot ‖ uint64 seed ‖ uint32 B ‖
 * uint64 0 ‖ uint64 n ‖ uint64 K)}. Nothing on chain reads this hash yet (docs/bounded-leaf.md).
 */
public record GraphTraining(
    OpGraph graph, Dataset train, Hash32 datasetRoot, long seed, long steps, long interval) {
  /** The parameters after the last step and the committed trace. */
  public record Result(List<Tensor> parameters, Hash32 finalStateHash, Hash32 traceRoot) {}

  public GraphTraining {
    if (seed < 0 || steps < 1 || interval < 1) {
      throw new IllegalArgumentException("seed >= 0, steps >= 1 and interval >= 1 are required");
    }
  }

  public Hash32 configHash() {
    return Keccak.packer(97)
        .u8(Domain.CONFIG)
        .hash(graph.root())
        .hash(datasetRoot)
        .u64(seed)
        .u32(graph.batch())
        .u64(0)
        .u64(steps)
        .u64(interval)
        .keccak();
  }

  public Result run(Parallel parallel) {
    GraphStep runner = new GraphStep(graph);
    List<Tensor> data = List.of(train.features(), train.labelTensor());
    List<Tensor> state = runner.initialParameters(seed);
    List<Hash32> hashes = new ArrayList<>();
    hashes.add(new ModelState(0, state).hash(parallel));
    int batch = graph.batch();
    for (long step = 0; step < steps; step++) {
      int[] idx = BatchSampler.indices(seed, step, batch, train.size());
      state = runner.step(state, data, step, idx, parallel);
      if (TraceCommitment.isCheckpoint(step + 1, steps, interval)) {
        hashes.add(new ModelState(step + 1, state).hash(parallel));
      }
    }
    Hash32 root = TraceCommitment.of(configHash(), steps, interval, hashes).root();
    return new Result(state, hashes.getLast(), root);
  }
}
