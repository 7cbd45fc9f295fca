package io.tribunal.cli.train;

import io.tribunal.core.store.Manifest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The index of an op-graph training run, DIR/graph-manifest.json: everything that rebuilds the
 * exact graph ({@link Run}), every stored checkpoint (step, state hash, content-addressed file in
 * DIR/checkpoints) and, once the run finished, its trace root. The MLP trainer's manifest.json is a
 * different file, so neither command mistakes the other's directory for its own.
 */
record GraphManifest(
    int version, Run run, List<Manifest.CheckpointEntry> checkpoints, Result result) {
  static final int VERSION = 1;
  static final String FILE = "graph-manifest.json";

  GraphManifest {
    checkpoints = List.copyOf(checkpoints);
  }

  static GraphManifest start(Run run) {
    return new GraphManifest(VERSION, run, List.of(), null);
  }

  /**
   * What the run is: the preset, the dataset (id, training samples, root and, for text, the
   * vocabulary as its characters in token order), the optimizer, B, the seed, n and K, and the
   * graph root and config hash they give ({@code GraphTraining.configHash}).
   */
  record Run(
      String model,
      String datasetId,
      int datasetSize,
      String datasetRoot,
      String vocabulary,
      OptimizerSpec optimizer,
      int batch,
      long seed,
      long steps,
      long interval,
      String graphRoot,
      String configHash) {}

  /**
   * Outcome of a finished run, with the held-out accuracy of its final parameters ({@link
   * HeldOutAccuracy}).
   */
  record Result(String traceRoot, String finalStateHash, long heldOutCorrect, long heldOutTotal) {}

  /** Adds (or replaces) the entry for a step; entries stay sorted by step. */
  GraphManifest with(Manifest.CheckpointEntry entry) {
    List<Manifest.CheckpointEntry> list = new ArrayList<>(checkpoints);
    list.removeIf(e -> e.step() == entry.step());
    list.add(entry);
    list.sort(Comparator.comparingLong(Manifest.CheckpointEntry::step));
    return new GraphManifest(version, run, list, result);
  }

  GraphManifest withResult(Result r) {
    return new GraphManifest(version, run, checkpoints, r);
  }

  Optional<Manifest.CheckpointEntry> at(long step) {
    return checkpoints.stream().filter(e -> e.step() == step).findFirst();
  }
}
