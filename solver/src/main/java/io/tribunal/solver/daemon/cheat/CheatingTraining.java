package io.tribunal.solver.daemon.cheat;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.TraceCommitment;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.Evaluator;
import io.tribunal.core.train.TrainListener;
import io.tribunal.protocol.dispute.LocalTrace;
import io.tribunal.protocol.dispute.TraceSource;
import io.tribunal.protocol.dispute.cheat.Cheat;
import io.tribunal.protocol.dispute.cheat.CheatingTrainer;
import io.tribunal.solver.daemon.JobTraining;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DEMO/TESTS ONLY: trains a job the way a solver with one {@link Cheat.Configured} cheat would,
 * with the dispute engine's cheat decorators ({@link CheatingTrainer}), stores that run's
 * checkpoints and manifest (so what it serves matches what it commits, as a real cheat's would) and
 * commits its trace. The same deterministic run is recomputed for the defence ({@link #trace}), so
 * the cheat defends its lie consistently and loses at the leaf, where the chain recomputes the
 * element.
 */
public final class CheatingTraining implements JobTraining {
  private static final Logger LOG = LoggerFactory.getLogger(CheatingTraining.class);
  private final Cheat.Configured cheat;

  public CheatingTraining(Cheat.Configured cheat) {
    this.cheat = cheat;
  }

  @Override
  public Commitment train(
      TrainingConfig config,
      DatasetSplit data,
      CheckpointStore store,
      Parallel parallel,
      TrainListener listener) {
    listener.started(0, config.steps());
    LocalTrace t = trace(config, data.train(), parallel);
    Manifest m = Manifest.start(config);
    for (long s : TraceCommitment.checkpointSteps(config.steps(), config.interval())) {
      ModelState state = new ModelState(s, t.parameters(s));
      Hash32 h = state.hash(parallel);
      m = m.with(new Manifest.CheckpointEntry(s, h.hex(), store.save(state)));
      store.writeManifest(m);
    }
    listener.stepDone(config.steps());
    long correct =
        Evaluator.correct(config.model(), t.parameters(config.steps()), data.heldOut(), parallel);
    Hash32 root = t.committedTraceRoot();
    Hash32 model = t.finalModelHash();
    store.writeManifest(
        m.withResult(new Manifest.Result(root.hex(), model.hex(), correct, data.heldOut().size())));
    return new Commitment(
        root, model, config.steps(), config.interval(), correct, data.heldOut().size());
  }

  /** The run this cheat commits for {@code config} (deterministic: recomputed after a restart). */
  public LocalTrace trace(TrainingConfig config, Dataset train, Parallel parallel) {
    var engineCheat = EngineCheats.resolve(cheat, config, train, parallel);
    LOG.warn("CHEATING: {} at step {} -> {}", cheat.kind().configName(), cheat.step(), engineCheat);
    return CheatingTrainer.train(config, train, engineCheat, parallel);
  }

  /** Its own dishonest run, recomputed from the job's config (not from {@code store}). */
  @Override
  public TraceSource committedTrace(
      CheckpointStore store, Dataset train, Parallel parallel, Supplier<TrainingConfig> config) {
    return trace(config.get(), train, parallel);
  }
}
