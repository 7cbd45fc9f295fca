package io.tribunal.protocol.dispute.cheat;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.Keccak;
import io.tribunal.core.commit.TraceCommitment;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.StepEngine;
import io.tribunal.protocol.dispute.LocalTrace;
import io.tribunal.protocol.dispute.StepRunner;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * TEST-PURPOSE: trains a job the way a solver with one {@link Cheat} would and returns the trace it
 * commits (checkpoints kept in memory, every K steps and at n). Never use on the honest path.
 */
public final class CheatingTrainer {
  private CheatingTrainer() {}

  /** The step runner of a solver with {@code cheat} (for synthetic traces in benchmarks). */
  public static StepRunner runner(
      TrainingConfig config, Dataset train, Cheat cheat, Parallel parallel) {
    return new StepRunner(
        new StepEngine(config, train), new CheatInterceptor(cheat, config, train.size()), parallel);
  }

  public static LocalTrace train(
      TrainingConfig config, Dataset train, Cheat cheat, Parallel parallel) {
    StepRunner runner = runner(config, train, cheat, parallel);
    Map<Long, ModelState> checkpoints = new HashMap<>();
    ModelState s = runner.initial();
    checkpoints.put(0L, s);
    while (s.step() < config.steps()) {
      s = runner.run(s).next();
      if (TraceCommitment.isCheckpoint(s.step(), config.steps(), config.interval())) {
        checkpoints.put(s.step(), s);
      }
    }
    Map<Integer, Hash32> leafOverrides = new HashMap<>();
    if (cheat instanceof Cheat.NonChainingLeaf c) {
      long step = TraceCommitment.checkpointStep(c.leaf(), config.steps(), config.interval());
      Hash32 state = checkpoints.get(step).hash(parallel);
      leafOverrides.put(c.leaf(), TraceCommitment.leaf(step + 1, state));
    }
    Optional<Hash32> model =
        cheat instanceof Cheat.WrongFinalModel
            ? Optional.of(Keccak.hash("some other model".getBytes(StandardCharsets.UTF_8)))
            : Optional.empty();
    return new LocalTrace(runner, train, checkpoints::get, leafOverrides, model);
  }
}
