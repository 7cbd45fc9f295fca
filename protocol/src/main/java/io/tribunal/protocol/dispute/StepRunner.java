package io.tribunal.protocol.dispute;

import io.tribunal.core.model.Invocation;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.ProgramRunner;
import io.tribunal.core.model.StepProgram;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.core.train.StepEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one training step op by op and keeps every op output (program order): the data the op and
 * element levels of a dispute reveal. With {@link StepInterceptor#NONE} the next state is exactly
 * core's {@link StepEngine#step}.
 */
public final class StepRunner {
  private final StepEngine engine;
  private final StepInterceptor interceptor;
  private final Parallel parallel;

  public StepRunner(StepEngine engine, StepInterceptor interceptor, Parallel parallel) {
    this.engine = engine;
    this.interceptor = interceptor;
    this.parallel = parallel;
  }

  /** Every op output of one step and the state it leads to. */
  public record Result(List<Tensor> outputs, ModelState next) {
    public Result {
      outputs = List.copyOf(outputs);
    }
  }

  public StepEngine engine() {
    return engine;
  }

  public Parallel parallel() {
    return parallel;
  }

  public ModelState initial() {
    ModelState honest = engine.initial();
    return new ModelState(0, interceptor.initial(honest.parameters()));
  }

  public Result run(ModelState state) {
    long step = state.step();
    StepProgram program = interceptor.program(step, engine.program(step));
    Map<String, Tensor> env = new java.util.HashMap<>(engine.inputs(state));
    List<Tensor> outputs = new ArrayList<>(program.size());
    List<Invocation> invs = program.invocations();
    for (int k = 0; k < invs.size(); k++) {
      Invocation inv = invs.get(k);
      List<Tensor> args = ProgramRunner.args(env, inv);
      Tensor out = inv.op().compute(args, parallel);
      out = interceptor.output(step, k, inv, args, out, parallel);
      env.put(inv.output(), out);
      outputs.add(out);
    }
    List<Tensor> next = new ArrayList<>();
    for (String name : engine.config().model().parameterNames()) {
      next.add(env.get(StepProgram.next(name)));
    }
    return new Result(outputs, new ModelState(step + 1, next));
  }
}
