package io.tribunal.explorer.web;

import io.tribunal.core.model.Invocation;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.StepProgram;
import io.tribunal.explorer.index.JobEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The names of a job's tensors as a dispute indexes them: its parameters (W1, b1, …) at the initial
 * state, and the ops of one training step in order ({@code Z1 = MatMul(X, W1)}, …), from the spec
 * its submission revealed, or for an op-graph job from the nodes its registration published. Empty
 * when neither is known.
 */
final class OpNames {
  private OpNames() {}

  static Optional<List<String>> of(JobEntry job, boolean init) {
    if (!init && !job.graphOps().isEmpty()) {
      return Optional.of(job.graphOps()); // an op-graph job: its registered nodes
    }
    if (job.spec().isEmpty() || job.batch() < 1) {
      return Optional.empty();
    }
    try {
      MlpSpec spec = MlpSpec.parse(job.spec());
      if (init) {
        return Optional.of(List.copyOf(spec.parameterNames()));
      }
      List<String> out = new ArrayList<>();
      for (Invocation i : StepProgram.build(spec, job.eta(), new int[job.batch()]).invocations()) {
        out.add(
            i.output()
                + " = "
                + i.op().getClass().getSimpleName()
                + "("
                + String.join(", ", i.inputs())
                + ")");
      }
      return Optional.of(out);
    } catch (RuntimeException e) { // a spec this version cannot build: show indexes only
      return Optional.empty();
    }
  }
}
