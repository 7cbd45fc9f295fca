package io.tribunal.protocol.dispute;

import io.tribunal.core.model.Invocation;
import io.tribunal.core.model.StepProgram;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * A seam in {@link StepRunner} through which a test-purpose cheat (package {@code dispute.cheat})
 * alters what a dishonest solver computes. The honest path always uses {@link #NONE}; every default
 * method returns the honest value unchanged.
 */
public interface StepInterceptor {
  StepInterceptor NONE = new StepInterceptor() {};

  /** The initial parameters the run starts from. */
  default List<Tensor> initial(List<Tensor> honest) {
    return honest;
  }

  /** The program of {@code step} (its gather constants are the step's batch). */
  default StepProgram program(long step, StepProgram honest) {
    return honest;
  }

  /** The output of op {@code op} of {@code step}, given its inputs and honest output. */
  default Tensor output(
      long step, int op, Invocation inv, List<Tensor> args, Tensor honest, Parallel parallel) {
    return honest;
  }
}
