package io.tribunal.core.model;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.StateHash;
import io.tribunal.core.commit.TensorCommitment;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Parameters after {@code step} SGD steps (step 0 = initial weights), in state-hash order. */
public record ModelState(long step, List<Tensor> parameters) {
  public ModelState {
    parameters = List.copyOf(parameters);
  }

  /** h_step over the parameter tensor roots; rows are hashed on the given pool. */
  public Hash32 hash(Parallel parallel) {
    List<Hash32> roots = new ArrayList<>(parameters.size());
    for (Tensor t : parameters) {
      roots.add(TensorCommitment.of(t, parallel).root());
    }
    return StateHash.of(step, roots);
  }
}
