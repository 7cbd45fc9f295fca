package io.tribunal.cli.train;

import io.tribunal.core.model.ModelState;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.graph.OpGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A finished op-graph run read back from its directory: the manifest, the final parameters (checked
 * against the recorded state hash) and the rebuilt training graph, whose root must be the recorded
 * one. Every refusal is an IllegalArgumentException that says what is wrong.
 */
record TrainedGraph(GraphManifest manifest, List<Tensor> parameters) {
  static TrainedGraph load(Path dir, Parallel parallel) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--model " + dir + ": no such directory");
    }
    GraphManifest m =
        new GraphManifestFile(dir)
            .read()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "--model "
                            + dir
                            + " is not a trained op-graph model: no "
                            + GraphManifest.FILE
                            + " (make one with 'tribunal train --model gpt:... --out DIR')"));
    GraphManifest.Run run = m.run();
    if (m.result() == null) {
      long last = m.checkpoints().isEmpty() ? 0 : m.checkpoints().getLast().step();
      throw new IllegalArgumentException(
          "the run in "
              + dir
              + " stopped at step "
              + last
              + " of "
              + run.steps()
              + ": rerun its train command to finish it");
    }
    OpGraph graph =
        GraphModels.graph(
            run.model(), vocabularySize(run), run.optimizer(), run.batch(), run.datasetSize());
    if (!graph.root().hex().equals(run.graphRoot())) {
      throw new IllegalArgumentException(
          "the graph rebuilt from "
              + GraphManifest.FILE
              + " has root "
              + graph.root().hex()
              + ", the manifest records "
              + run.graphRoot()
              + " (written by another version?)");
    }
    Manifest.CheckpointEntry last =
        m.at(run.steps())
            .orElseThrow(
                () ->
                    new IllegalArgumentException("no checkpoint of the final step " + run.steps()));
    ModelState state = CheckpointStore.open(dir, false).load(last.file());
    if (state.step() != run.steps()
        || state.parameters().size() != graph.params()
        || !state.hash(parallel).hex().equals(m.result().finalStateHash())) {
      throw new IllegalArgumentException(
          "checkpoint "
              + last.file()
              + " is not the final state the manifest records ("
              + m.result().finalStateHash()
              + ")");
    }
    return new TrainedGraph(m, state.parameters());
  }

  /** The class or token count the graph was built with: the vocabulary's, or 10 digits. */
  static int vocabularySize(GraphManifest.Run run) {
    return run.vocabulary() == null ? 10 : (int) run.vocabulary().codePoints().count();
  }

  /** The vocabulary's code points in token order (empty for an image model). */
  int[] vocabulary() {
    String v = manifest.run().vocabulary();
    return v == null ? new int[0] : v.codePoints().toArray();
  }
}
