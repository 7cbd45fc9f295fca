package io.tribunal.core.model;

import io.tribunal.core.commit.TensorCommitment;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a {@link StepProgram} op by op over named tensors. The environment map is only looked up
 * by name, never iterated, so its order cannot leak into results.
 */
public final class ProgramRunner {
  private ProgramRunner() {}

  /** Runs the program; returns the full environment (inputs and every op output). */
  public static Map<String, Tensor> run(
      StepProgram program, Map<String, Tensor> inputs, Parallel parallel) {
    Map<String, Tensor> env = new HashMap<>(inputs);
    for (Invocation inv : program.invocations()) {
      env.put(inv.output(), inv.op().compute(args(env, inv), parallel));
    }
    return env;
  }

  /** Runs the program and records the root of every op output. */
  public static OpTrace trace(
      long step, StepProgram program, Map<String, Tensor> inputs, Parallel parallel) {
    Map<String, Tensor> env = run(program, inputs, parallel);
    List<OpTrace.Entry> entries = new ArrayList<>();
    List<Invocation> invs = program.invocations();
    for (int i = 0; i < invs.size(); i++) {
      Invocation inv = invs.get(i);
      Tensor out = env.get(inv.output());
      entries.add(
          new OpTrace.Entry(
              i, inv.op().name(), inv.output(), TensorCommitment.of(out, parallel).root()));
    }
    return new OpTrace(step, entries);
  }

  /** The input tensors of one invocation, looked up by name. */
  public static List<Tensor> args(Map<String, Tensor> env, Invocation inv) {
    List<Tensor> args = new ArrayList<>(inv.inputs().size());
    for (String name : inv.inputs()) {
      Tensor t = env.get(name);
      if (t == null) {
        throw new IllegalStateException("op " + inv.op().name() + " reads missing tensor " + name);
      }
      args.add(t);
    }
    return args;
  }
}
