package io.tribunal.solver.daemon.cheat;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.TraceCommitment;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.model.Invocation;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.ops.MatMul;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.core.train.StepEngine;
import io.tribunal.protocol.dispute.StepInterceptor;
import io.tribunal.protocol.dispute.StepRunner;
import io.tribunal.protocol.dispute.cheat.Cheat;
import io.tribunal.protocol.dispute.cheat.CheatingTrainer;
import java.util.List;

/**
 * Turns a {@link Cheat.Configured} cheat into the dispute engine's cheat for one job, so the
 * daemon's commitment, its served checkpoints and its dispute defence all come from the same
 * dishonest run ({@code protocol.dispute.cheat}). A flipped matmul element is chosen where it is
 * not erased downstream (e.g. by a ReLU): the first element, row by row, whose flip changes the
 * step's resulting state.
 */
public final class EngineCheats {
  private static final int MAX_FLIP_CANDIDATES = 1 << 16;

  private EngineCheats() {}

  public static Cheat resolve(
      Cheat.Configured cheat, TrainingConfig config, Dataset train, Parallel parallel) {
    long step = cheat.step();
    if (cheat.kind() != Cheat.Kind.WRONG_INIT
        && cheat.kind() != Cheat.Kind.WRONG_MODEL_HASH
        && step >= config.steps()) {
      throw new IllegalArgumentException(
          "cheat step " + step + " is outside the job's " + config.steps() + " steps");
    }
    return switch (cheat.kind()) {
      case FLIP_MATMUL_ELEMENT -> visibleFlip(config, train, step, parallel);
      case SKIP_SGD -> new Cheat.SkippedUpdate(step);
      case WRONG_LR -> new Cheat.WrongLearningRate(step, 2);
      case WRONG_BATCH -> new Cheat.WrongBatch(step);
      case WRONG_INIT -> new Cheat.WrongInitialWeight(0, 0, 0);
      case WRONG_MODEL_HASH -> new Cheat.WrongFinalModel();
      case BAD_TRACE -> {
        int leaves = TraceCommitment.checkpointSteps(config.steps(), config.interval()).size();
        int leaf = (int) Math.min(Math.max(1, step / config.interval()), leaves - 1);
        yield new Cheat.NonChainingLeaf(leaf);
      }
    };
  }

  private static Cheat.FlippedOutput visibleFlip(
      TrainingConfig config, Dataset train, long step, Parallel parallel) {
    StepEngine engine = new StepEngine(config, train);
    StepRunner honest = new StepRunner(engine, StepInterceptor.NONE, parallel);
    ModelState s = honest.initial();
    while (s.step() < step) {
      s = honest.run(s).next();
    }
    StepRunner.Result h = honest.run(s);
    int op = firstMatMul(engine.program(step).invocations(), step);
    Tensor out = h.outputs().get(op);
    Hash32 honestNext = h.next().hash(parallel);
    int tried = 0;
    for (int r = 0; r < out.rows(); r++) {
      for (int c = 0; c < out.cols() && tried++ < MAX_FLIP_CANDIDATES; c++) {
        var flip = new Cheat.FlippedOutput(step, op, r, c);
        ModelState next = CheatingTrainer.runner(config, train, flip, parallel).run(s).next();
        if (!next.hash(parallel).equals(honestNext)) {
          return flip;
        }
      }
    }
    throw new IllegalStateException(
        "no element of op " + op + " at step " + step + " changes the step's result");
  }

  private static int firstMatMul(List<Invocation> program, long step) {
    for (int k = 0; k < program.size(); k++) {
      if (program.get(k).op() instanceof MatMul) {
        return k;
      }
    }
    throw new IllegalStateException("step " + step + " has no matmul");
  }
}
