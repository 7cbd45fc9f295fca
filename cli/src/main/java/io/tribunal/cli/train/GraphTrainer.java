package io.tribunal.cli.train;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.TraceCommitment;
import io.tribunal.core.data.Dataset;
import io.tribunal.core.model.BatchSampler;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.CorruptCheckpointException;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.core.train.TrainListener;
import io.tribunal.protocol.graph.GraphStep;
import io.tribunal.protocol.graph.OpGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trains an op graph to step n with the commitments of {@code GraphTraining} (state hashes over
 * every parameter, optimizer moments included, at 0, K, 2K, …, n; the trace root over them),
 * storing each committed state in a {@link CheckpointStore} and indexing it in
 * DIR/graph-manifest.json before going on. A rerun with the same run resumes from the latest
 * checkpoint that loads and matches its recorded hash, so halting and resuming never change the
 * trace root.
 */
final class GraphTrainer {
  /** Where a run stands: finished (trace root present) or halted at {@code lastStep}. */
  record Outcome(
      Optional<Hash32> traceRoot,
      Hash32 lastStateHash,
      long lastStep,
      long resumedFrom,
      HeldOutAccuracy.Score heldOut) {
    boolean finished() {
      return traceRoot.isPresent();
    }
  }

  private final GraphManifest.Run run;
  private final OpGraph graph;
  private final Dataset train;
  private final Dataset heldOut;
  private final CheckpointStore store;
  private final GraphManifestFile file;
  private final Parallel parallel;
  private final TrainListener listener;
  private GraphManifest manifest;

  GraphTrainer(
      GraphManifest.Run run,
      OpGraph graph,
      Dataset train,
      Dataset heldOut,
      CheckpointStore store,
      Parallel parallel,
      TrainListener listener) {
    this.run = run;
    this.graph = graph;
    this.train = train;
    this.heldOut = heldOut;
    this.store = store;
    this.file = new GraphManifestFile(store.dir());
    this.parallel = parallel;
    this.listener = listener;
  }

  /** Trains to step n, or stops once step {@code haltAfter} is reached (tests). */
  Outcome run(long haltAfter) {
    manifest = open();
    if (manifest.result() != null) {
      return new Outcome(
          Optional.of(Hash32.fromHex(manifest.result().traceRoot())),
          Hash32.fromHex(manifest.result().finalStateHash()),
          run.steps(),
          run.steps(),
          new HeldOutAccuracy.Score(
              manifest.result().heldOutCorrect(), manifest.result().heldOutTotal()));
    }
    GraphStep runner = new GraphStep(graph);
    ModelState state =
        resume()
            .orElseGet(() -> checkpoint(new ModelState(0, runner.initialParameters(run.seed()))));
    long resumedFrom = state.step();
    listener.started(resumedFrom, run.steps());
    List<Tensor> data = List.of(train.features(), train.labelTensor());
    Hash32 last = Hash32.fromHex(manifest.at(resumedFrom).orElseThrow().stateHash());
    while (state.step() < run.steps() && state.step() < haltAfter) {
      long s = state.step();
      int[] idx = BatchSampler.indices(run.seed(), s, run.batch(), train.size());
      state = new ModelState(s + 1, runner.step(state.parameters(), data, s, idx, parallel));
      listener.stepDone(s + 1);
      if (TraceCommitment.isCheckpoint(s + 1, run.steps(), run.interval())) {
        checkpoint(state);
        last = Hash32.fromHex(manifest.at(s + 1).orElseThrow().stateHash());
      }
    }
    if (state.step() < run.steps()) {
      Hash32 halted = manifest.at(state.step()).isPresent() ? last : state.hash(parallel);
      return new Outcome(
          Optional.empty(), halted, state.step(), resumedFrom, new HeldOutAccuracy.Score(0, 0));
    }
    return finish(state, resumedFrom);
  }

  private Outcome finish(ModelState last, long resumedFrom) {
    List<Hash32> hashes = new ArrayList<>();
    for (long s : TraceCommitment.checkpointSteps(run.steps(), run.interval())) {
      Manifest.CheckpointEntry e =
          manifest
              .at(s)
              .orElseThrow(() -> new IllegalStateException("checkpoint of step " + s + " missing"));
      hashes.add(Hash32.fromHex(e.stateHash()));
    }
    Hash32 configHash = Hash32.fromHex(run.configHash());
    Hash32 root = TraceCommitment.of(configHash, run.steps(), run.interval(), hashes).root();
    Hash32 finalHash = hashes.getLast();
    HeldOutAccuracy.Score score = HeldOutAccuracy.of(run, last.parameters(), heldOut, parallel);
    manifest =
        manifest.withResult(
            new GraphManifest.Result(root.hex(), finalHash.hex(), score.correct(), score.total()));
    file.write(manifest);
    return new Outcome(Optional.of(root), finalHash, run.steps(), resumedFrom, score);
  }

  private GraphManifest open() {
    if (Files.exists(store.manifestFile())) {
      throw new IllegalArgumentException(
          store.dir() + " holds an mlp: run (manifest.json); choose another --out directory");
    }
    Optional<GraphManifest> existing = file.read();
    if (existing.isPresent() && !existing.get().run().equals(run)) {
      throw new IllegalArgumentException(
          store.dir()
              + " holds a different run (config hash "
              + existing.get().run().configHash()
              + "); choose another --out directory");
    }
    GraphManifest m = existing.orElseGet(() -> GraphManifest.start(run));
    file.write(m);
    return m;
  }

  /** Latest checkpoint that loads and matches its recorded state hash; corrupt ones are skipped. */
  private Optional<ModelState> resume() {
    List<Manifest.CheckpointEntry> entries = manifest.checkpoints();
    for (int i = entries.size() - 1; i >= 0; i--) {
      Manifest.CheckpointEntry e = entries.get(i);
      try {
        ModelState s = store.load(e.file());
        if (s.step() == e.step()
            && s.parameters().size() == graph.params()
            && s.hash(parallel).hex().equals(e.stateHash())) {
          return Optional.of(s);
        }
        listener.warning(
            "checkpoint "
                + store.fileOf(e.file())
                + " does not match step "
                + e.step()
                + ", skipped");
      } catch (CorruptCheckpointException ex) {
        removeCorrupt(store.fileOf(e.file()));
        listener.warning(ex.getMessage() + "; removed it, resuming from an earlier checkpoint");
      }
    }
    return Optional.empty();
  }

  /** A file that fails its content hash would block the rewrite of the same (named) content. */
  private static void removeCorrupt(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot remove corrupt " + file + ": " + e.getMessage(), e);
    }
  }

  /** Stores the state, then records it in the manifest (a crash between leaves an unnamed file). */
  private ModelState checkpoint(ModelState state) {
    String hash = state.hash(parallel).hex();
    String name = store.save(state);
    manifest = manifest.with(new Manifest.CheckpointEntry(state.step(), hash, name));
    file.write(manifest);
    return state;
  }
}
