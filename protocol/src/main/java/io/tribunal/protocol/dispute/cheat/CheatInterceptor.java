package io.tribunal.protocol.dispute.cheat;

import io.tribunal.core.model.BatchSampler;
import io.tribunal.core.model.Invocation;
import io.tribunal.core.model.StepProgram;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.ops.SgdUpdate;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.dispute.StepInterceptor;
import java.util.ArrayList;
import java.util.List;

/** Applies a {@link Cheat} to the computation of a run (the trace-level cheats change nothing). */
final class CheatInterceptor implements StepInterceptor {
  private static final int ONE = 1 << 16;

  private final Cheat cheat;
  private final TrainingConfig config;
  private final int datasetSize;

  CheatInterceptor(Cheat cheat, TrainingConfig config, int datasetSize) {
    this.cheat = cheat;
    this.config = config;
    this.datasetSize = datasetSize;
  }

  @Override
  public List<Tensor> initial(List<Tensor> honest) {
    if (!(cheat instanceof Cheat.WrongInitialWeight c)) {
      return honest;
    }
    List<Tensor> params = new ArrayList<>(honest);
    params.set(c.param(), plus(honest.get(c.param()), c.row(), c.col(), 1));
    return params;
  }

  @Override
  public StepProgram program(long step, StepProgram honest) {
    if (!(cheat instanceof Cheat.WrongBatch c) || c.step() != step) {
      return honest;
    }
    int[] idx = BatchSampler.indices(config.seed(), step, config.batch(), datasetSize);
    for (int b = 0; b < idx.length; b++) {
      idx[b] = (idx[b] + 1) % datasetSize;
    }
    return StepProgram.build(config.model(), config.eta(), idx);
  }

  @Override
  public Tensor output(
      long step, int op, Invocation inv, List<Tensor> args, Tensor honest, Parallel parallel) {
    return switch (cheat) {
      case Cheat.FlippedOutput c when c.step() == step && c.op() == op ->
          plus(honest, c.row(), c.col(), ONE);
      case Cheat.SkippedUpdate c when c.step() == step && inv.op() instanceof SgdUpdate ->
          args.get(0);
      case Cheat.WrongLearningRate c when c.step() == step && inv.op() instanceof SgdUpdate s ->
          new SgdUpdate(s.eta() * c.factor()).compute(args, parallel);
      default -> honest;
    };
  }

  private static Tensor plus(Tensor t, int row, int col, int delta) {
    Tensor copy = t.copy();
    copy.data()[row][col] += delta;
    return copy;
  }
}
