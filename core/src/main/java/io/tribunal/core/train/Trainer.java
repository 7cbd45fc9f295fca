package io.tribunal.core.train;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.TraceCommitment;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.CorruptCheckpointException;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a training job to completion with checkpoints at every multiple of K and at n, resuming from
 * the latest intact checkpoint of the same config in the store.
 *
 * <p>Checkpoints are hashed and stored by one background {@link CheckpointWriter}, in order and at
 * most two in flight, while training continues; the run waits for it before it reads the manifest
 * (halt, finish) and rethrows its failures as {@link CheckpointWriteException}.
 *
 * <p>Invariant: the trace root depends only on the config and the data; resuming, thread count and
 * halting points never change it.
 */
public final class Trainer {
  private final TrainingConfig config;
  private final DatasetSplit data;
  private final CheckpointStore store;
  private final Parallel parallel;
  private final TrainListener listener;
  private final StepEngine engine;
  private Manifest manifest;
  private CheckpointWriter writer;

  public Trainer(
      TrainingConfig config,
      DatasetSplit data,
      CheckpointStore store,
      Parallel parallel,
      TrainListener listener) {
    this.config = config;
    this.data = data;
    this.store = store;
    this.parallel = parallel;
    this.listener = listener;
    this.engine = new StepEngine(config, data.train());
  }

  /** Trains to step n, or stops once step haltAfter is reached (crash simulation, tests). */
  public TrainResult run(long haltAfter) {
    manifest = openManifest();
    if (manifest.result() != null) {
      Manifest.Result r = manifest.result();
      return new TrainResult(
          Optional.of(Hash32.fromHex(r.traceRoot())),
          Hash32.fromHex(r.finalStateHash()),
          config.steps(),
          config.steps(),
          r.heldOutCorrect(),
          r.heldOutTotal());
    }
    Optional<ModelState> resumed = resume();
    try (CheckpointWriter w = CheckpointWriter.to(store, manifest)) {
      writer = w;
      ModelState state = resumed.orElseGet(() -> checkpoint(engine.initial()));
      long resumedFrom = state.step();
      listener.started(resumedFrom, config.steps());
      while (state.step() < config.steps() && state.step() < haltAfter) {
        state = engine.step(state, parallel);
        listener.stepDone(state.step());
        if (TraceCommitment.isCheckpoint(state.step(), config.steps(), config.interval())) {
          state = checkpoint(state);
        }
      }
      manifest = w.awaitIdle();
      if (state.step() < config.steps()) {
        // A checkpointed (or verified resumed) state's hash is already in the manifest.
        ModelState halted = state;
        Hash32 last =
            manifest
                .at(halted.step())
                .map(e -> Hash32.fromHex(e.stateHash()))
                .orElseGet(() -> halted.hash(parallel));
        return new TrainResult(Optional.empty(), last, halted.step(), resumedFrom, 0, 0);
      }
      return finish(state, resumedFrom);
    } finally {
      writer = null;
    }
  }

  private TrainResult finish(ModelState last, long resumedFrom) {
    List<Hash32> hashes = new ArrayList<>();
    for (long s : TraceCommitment.checkpointSteps(config.steps(), config.interval())) {
      Manifest.CheckpointEntry e =
          manifest
              .at(s)
              .orElseThrow(() -> new IllegalStateException("checkpoint of step " + s + " missing"));
      hashes.add(Hash32.fromHex(e.stateHash()));
    }
    Hash32 traceRoot =
        TraceCommitment.of(config.configHash(), config.steps(), config.interval(), hashes).root();
    Hash32 finalHash = hashes.get(hashes.size() - 1);
    long correct = Evaluator.correct(config.model(), last.parameters(), data.heldOut(), parallel);
    long total = data.heldOut().size();
    manifest =
        manifest.withResult(new Manifest.Result(traceRoot.hex(), finalHash.hex(), correct, total));
    store.writeManifest(manifest);
    return new TrainResult(
        Optional.of(traceRoot), finalHash, last.step(), resumedFrom, correct, total);
  }

  private Manifest openManifest() {
    Manifest.Config wanted = Manifest.Config.of(config);
    Optional<Manifest> existing = store.readManifest();
    if (existing.isPresent() && !existing.get().config().equals(wanted)) {
      throw new IllegalArgumentException(
          store.dir()
              + " holds a run with a different config ("
              + existing.get().config().configHash()
              + "); choose another --out directory");
    }
    Manifest m = existing.orElseGet(() -> Manifest.start(config));
    store.writeManifest(m);
    return m;
  }

  /** Latest checkpoint that loads and matches its recorded state hash; corrupt ones are skipped. */
  private Optional<ModelState> resume() {
    List<Manifest.CheckpointEntry> entries = new ArrayList<>(manifest.checkpoints());
    for (int i = entries.size() - 1; i >= 0; i--) {
      Manifest.CheckpointEntry e = entries.get(i);
      try {
        ModelState s = store.load(e.file());
        if (s.step() == e.step() && s.hash(parallel).hex().equals(e.stateHash())) {
          return Optional.of(s);
        }
        listener.warning(
            "checkpoint "
                + store.fileOf(e.file())
                + " does not match step "
                + e.step()
                + ", skipped");
      } catch (CorruptCheckpointException ex) {
        listener.warning(ex.getMessage() + "; resuming from an earlier checkpoint");
      }
    }
    return Optional.empty();
  }

  /** Hands the state to the writer (blocking only when two checkpoints are already in flight). */
  private ModelState checkpoint(ModelState state) {
    writer.submit(state);
    return state;
  }
}
