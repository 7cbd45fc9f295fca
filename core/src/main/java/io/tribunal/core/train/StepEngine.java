package io.tribunal.core.train;

import io.tribunal.core.data.Dataset;
import io.tribunal.core.model.BatchSampler;
import io.tribunal.core.model.Initializer;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.OpTrace;
import io.tribunal.core.model.ProgramRunner;
import io.tribunal.core.model.StepProgram;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the step program: state t -> state t+1 for a config and its training set. Stateless apart
 * from immutable inputs, so one engine serves training, replay and disputes alike.
 */
public final class StepEngine {
  private final TrainingConfig config;
  private final Dataset train;
  private final Tensor labels;
  private final long eta;

  /**
   * Throws {@link IllegalArgumentException} unless {@code model} takes {@code train}'s features and
   * outputs at least its classes (what {@code train} and {@code job submit} check before anything
   * is trained or paid).
   */
  public static void checkFits(io.tribunal.core.model.MlpSpec model, Dataset train) {
    if (train.width() != model.inputWidth()) {
      throw new IllegalArgumentException(
          "model "
              + model
              + " expects "
              + model.inputWidth()
              + " inputs but dataset "
              + train.id()
              + " has "
              + train.width()
              + " features");
    }
    if (train.classes() > model.classes()) {
      throw new IllegalArgumentException(
          "dataset "
              + train.id()
              + " has "
              + train.classes()
              + " classes but model "
              + model
              + " outputs "
              + model.classes());
    }
  }

  public StepEngine(TrainingConfig config, Dataset train) {
    checkFits(config.model(), train);
    this.config = config;
    this.train = train;
    this.labels = train.labelTensor();
    this.eta = config.eta();
  }

  public TrainingConfig config() {
    return config;
  }

  public ModelState initial() {
    return new ModelState(0, Initializer.initialParameters(config.model(), config.seed()));
  }

  /** The program of step t (its gather constants are the batch of step t). */
  public StepProgram program(long step) {
    int[] idx = BatchSampler.indices(config.seed(), step, config.batch(), train.size());
    return StepProgram.build(config.model(), eta, idx);
  }

  /** The program's input environment for a state. */
  public Map<String, Tensor> inputs(ModelState state) {
    Map<String, Tensor> env = new HashMap<>();
    List<String> names = config.model().parameterNames();
    for (int p = 0; p < names.size(); p++) {
      env.put(names.get(p), state.parameters().get(p));
    }
    env.put(StepProgram.DATA_X, train.features());
    env.put(StepProgram.DATA_Y, labels);
    return env;
  }

  public ModelState step(ModelState state, Parallel parallel) {
    Map<String, Tensor> env = ProgramRunner.run(program(state.step()), inputs(state), parallel);
    List<Tensor> next = new ArrayList<>();
    for (String name : config.model().parameterNames()) {
      next.add(env.get(StepProgram.next(name)));
    }
    return new ModelState(state.step() + 1, next);
  }

  /** Output roots of every op of the step from this state (op-level dispute data). */
  public OpTrace opTrace(ModelState state, Parallel parallel) {
    return ProgramRunner.trace(state.step(), program(state.step()), inputs(state), parallel);
  }
}
