package io.tribunal.core.train;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.TraceCommitment;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.OpTrace;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.CorruptCheckpointException;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Parallel;
import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes transition i (h_i -> h_{i+1}) from the stored checkpoint c = floor(i / K) * K: steps
 * c..i rebuild the interval, and the run continues to the interval's end e = min(c + K, n), whose
 * committed hash decides the match (per-step hashes inside an interval are not committed, they are
 * recomputed on demand).
 */
public final class Replayer {
  private final CheckpointStore store;
  private final Parallel parallel;

  public Replayer(CheckpointStore store, Parallel parallel) {
    this.store = store;
    this.parallel = parallel;
  }

  /** The replay outcome of transition i. */
  public record Outcome(
      long step,
      long fromCheckpoint,
      long verifiedAt,
      Hash32 stateBefore,
      Hash32 stateAfter,
      Hash32 expectedAtCheckpoint,
      Hash32 recomputedAtCheckpoint,
      boolean traceRootMatches,
      OpTrace opTrace) {
    public boolean matches() {
      return traceRootMatches && expectedAtCheckpoint.equals(recomputedAtCheckpoint);
    }
  }

  public Outcome replay(Dataset train, long step) {
    Manifest m =
        store
            .readManifest()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no manifest.json in " + store.dir() + ": not a training output"));
    TrainingConfig config = m.config().toTrainingConfig();
    if (step < 0 || step >= config.steps()) {
      throw new IllegalArgumentException(
          "step " + step + " outside [0, " + config.steps() + ") of this run");
    }
    Hash32 root = DatasetCommitment.of(train, parallel).root();
    if (!root.equals(config.datasetRoot())) {
      throw new IllegalArgumentException(
          "dataset " + train.id() + " has root " + root + ", the run used " + config.datasetRoot());
    }
    long k = config.interval();
    long c = step / k * k;
    long e = Math.min(c + k, config.steps());
    ModelState state = loadVerified(m, c);
    StepEngine engine = new StepEngine(config, train);
    while (state.step() < step) {
      state = engine.step(state, parallel);
    }
    Hash32 before = state.hash(parallel);
    OpTrace ops = engine.opTrace(state, parallel);
    state = engine.step(state, parallel);
    Hash32 after = state.hash(parallel);
    while (state.step() < e) {
      state = engine.step(state, parallel);
    }
    Hash32 recomputed = state.hash(parallel);
    Hash32 expected = Hash32.fromHex(entry(m, e).stateHash());
    return new Outcome(
        step, c, e, before, after, expected, recomputed, traceRootMatches(m, config), ops);
  }

  private ModelState loadVerified(Manifest m, long step) {
    Manifest.CheckpointEntry entry = entry(m, step);
    ModelState s = store.load(entry.file());
    if (s.step() != step || !s.hash(parallel).hex().equals(entry.stateHash())) {
      throw new CorruptCheckpointException(
          store.fileOf(entry.file()),
          "state does not hash to the manifest's " + entry.stateHash() + " for step " + step);
    }
    return s;
  }

  private static Manifest.CheckpointEntry entry(Manifest m, long step) {
    return m.at(step)
        .orElseThrow(() -> new IllegalArgumentException("no stored checkpoint for step " + step));
  }

  private static boolean traceRootMatches(Manifest m, TrainingConfig config) {
    if (m.result() == null) {
      return false;
    }
    List<Hash32> hashes = new ArrayList<>();
    for (long s : TraceCommitment.checkpointSteps(config.steps(), config.interval())) {
      hashes.add(Hash32.fromHex(entry(m, s).stateHash()));
    }
    Hash32 root =
        TraceCommitment.of(config.configHash(), config.steps(), config.interval(), hashes).root();
    return root.hex().equals(m.result().traceRoot());
  }
}
