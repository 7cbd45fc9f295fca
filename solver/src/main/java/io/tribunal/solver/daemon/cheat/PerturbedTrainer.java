package io.tribunal.solver.daemon.cheat;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.TraceCommitment;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.Initializer;
import io.tribunal.core.model.Invocation;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.ProgramRunner;
import io.tribunal.core.model.StepProgram;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.ops.MatMul;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.core.train.Evaluator;
import io.tribunal.core.train.StepEngine;
import io.tribunal.core.train.TrainListener;
import io.tribunal.solver.daemon.JobTraining;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A training loop with one deliberate deviation, storing checkpoints and a manifest exactly like
 * core's Trainer so the cheat's served data matches its commitment. Always starts from scratch
 * (cheats are for short demo jobs).
 */
final class PerturbedTrainer {
  private final TrainingConfig config;
  private final DatasetSplit data;
  private final CheckpointStore store;
  private final Parallel parallel;
  private final TrainListener listener;
  private final Cheat cheat;
  private final StepEngine engine;
  private Manifest manifest;

  PerturbedTrainer(
      TrainingConfig config,
      DatasetSplit data,
      CheckpointStore store,
      Parallel parallel,
      TrainListener listener,
      Cheat cheat) {
    this.config = config;
    this.data = data;
    this.store = store;
    this.parallel = parallel;
    this.listener = listener;
    this.cheat = cheat;
    this.engine = new StepEngine(config, data.train());
  }

  JobTraining.Commitment run() {
    manifest = Manifest.start(config);
    ModelState state = initial();
    checkpoint(state);
    listener.started(0, config.steps());
    while (state.step() < config.steps()) {
      state = step(state);
      listener.stepDone(state.step());
      if (TraceCommitment.isCheckpoint(state.step(), config.steps(), config.interval())) {
        checkpoint(state);
      }
    }
    List<Hash32> hashes = new ArrayList<>();
    for (long s : TraceCommitment.checkpointSteps(config.steps(), config.interval())) {
      hashes.add(Hash32.fromHex(manifest.at(s).orElseThrow().stateHash()));
    }
    Hash32 root =
        TraceCommitment.of(config.configHash(), config.steps(), config.interval(), hashes).root();
    Hash32 last = hashes.get(hashes.size() - 1);
    long correct = Evaluator.correct(config.model(), state.parameters(), data.heldOut(), parallel);
    manifest =
        manifest.withResult(
            new Manifest.Result(root.hex(), last.hex(), correct, data.heldOut().size()));
    store.writeManifest(manifest);
    return new JobTraining.Commitment(
        root, last, config.steps(), config.interval(), correct, data.heldOut().size());
  }

  private ModelState initial() {
    if (cheat.kind() == Cheat.Kind.WRONG_INIT) {
      return new ModelState(0, Initializer.initialParameters(config.model(), config.seed() + 1));
    }
    return engine.initial();
  }

  private ModelState step(ModelState s) {
    boolean at = s.step() == cheat.step();
    return switch (cheat.kind()) {
      case SKIP_SGD -> at ? new ModelState(s.step() + 1, s.parameters()) : engine.step(s, parallel);
      case WRONG_LR -> s.step() >= cheat.step() ? wrongLr(s) : engine.step(s, parallel);
      case WRONG_BATCH -> at ? wrongBatch(s) : engine.step(s, parallel);
      case FLIP_MATMUL_ELEMENT -> at ? flippedMatmul(s) : engine.step(s, parallel);
      default -> engine.step(s, parallel);
    };
  }

  private ModelState wrongLr(ModelState s) {
    String doubled = new BigDecimal(config.learningRate()).multiply(BigDecimal.TWO).toPlainString();
    TrainingConfig wrong =
        new TrainingConfig(
            config.model(),
            config.datasetId(),
            config.datasetRoot(),
            config.seed(),
            config.batch(),
            doubled,
            config.steps(),
            config.interval());
    return new StepEngine(wrong, data.train()).step(s, parallel);
  }

  private ModelState wrongBatch(ModelState s) {
    ModelState shifted = engine.step(new ModelState(s.step() + 1, s.parameters()), parallel);
    return new ModelState(s.step() + 1, shifted.parameters());
  }

  /** Runs the step op by op and adds one ulp to element [0][0] of the first matmul's output. */
  private ModelState flippedMatmul(ModelState s) {
    StepProgram program = engine.program(s.step());
    Map<String, Tensor> env = new HashMap<>(engine.inputs(s));
    boolean flipped = false;
    for (Invocation inv : program.invocations()) {
      Tensor out = inv.op().compute(ProgramRunner.args(env, inv), parallel);
      if (!flipped && inv.op() instanceof MatMul) {
        int[][] rows = out.copy().data();
        rows[0][0] += 1;
        out = Tensor.wrap(out.cols(), rows);
        flipped = true;
      }
      env.put(inv.output(), out);
    }
    List<Tensor> next = new ArrayList<>();
    for (String name : config.model().parameterNames()) {
      next.add(env.get(StepProgram.next(name)));
    }
    return new ModelState(s.step() + 1, next);
  }

  private void checkpoint(ModelState state) {
    Hash32 h = state.hash(parallel);
    String file = store.save(state);
    manifest = manifest.with(new Manifest.CheckpointEntry(state.step(), h.hex(), file));
    store.writeManifest(manifest);
  }
}
