package io.tribunal.cli.train;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.data.DatasetException;
import io.tribunal.core.data.DatasetLoader;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.data.MobyDickNpm;
import io.tribunal.core.data.TextCorpus;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.CorruptCheckpointException;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.protocol.graph.GraphTraining;
import io.tribunal.protocol.graph.OpGraph;
import io.tribunal.protocol.layout.NpmLocator;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The op-graph half of {@code tribunal train} ({@code cnn:lenet5}, {@code gpt:...}): checks the
 * options before anything is written, loads the dataset, builds the graph and trains it with {@link
 * GraphTrainer} into --out.
 */
final class GraphTrain {
  private final TrainCommand c;
  private final CommandLine cl;

  GraphTrain(TrainCommand c, CommandLine cl) {
    this.c = c;
    this.cl = cl;
  }

  int call() {
    int batch = c.batch != null ? c.batch : GraphModels.isText(c.model) ? 8 : 32;
    OptimizerSpec optimizer;
    try {
      GraphModels.check(c.model);
      GraphModels.checkDataset(c.model, c.dataset);
      positive("--steps", c.steps);
      positive("--batch", batch);
      positive("--threads", c.threads);
      positive("--checkpoint-every", c.interval);
      if (c.seed < 0) {
        throw new IllegalArgumentException("--seed must be >= 0, got " + c.seed);
      }
      optimizer = c.graphOptions.spec(c.model, c.lr == null ? null : c.lr.toPlainString(), batch);
    } catch (IllegalArgumentException | DatasetException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
    DatasetSplit data = load();
    String vocabulary = GraphModels.isText(c.model) ? vocabulary() : null;
    try (Parallel parallel = Parallel.of(c.threads)) {
      Hash32 root = DatasetCommitment.of(data.train(), parallel).root();
      int size = data.train().size();
      OpGraph graph = GraphModels.graph(c.model, data.train().classes(), optimizer, batch, size);
      Hash32 configHash =
          new GraphTraining(graph, data.train(), root, c.seed, c.steps, c.interval).configHash();
      GraphManifest.Run run =
          new GraphManifest.Run(
              c.model,
              c.dataset,
              size,
              root.hex(),
              vocabulary,
              optimizer,
              batch,
              c.seed,
              c.steps,
              c.interval,
              graph.root().hex(),
              configHash.hex());
      CheckpointStore store = CheckpointStore.open(c.out, c.fsync);
      GraphTrainer.Outcome outcome;
      try (TrainProgress progress = new TrainProgress(cl.getErr(), c.json)) {
        outcome =
            new GraphTrainer(run, graph, data.train(), data.heldOut(), store, parallel, progress)
                .run(c.haltAfter);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cl, e.getMessage());
      } catch (CorruptCheckpointException e) {
        cl.getErr().println("train: " + e.getMessage());
        return 1;
      }
      print(cl.getOut(), run, outcome);
    }
    return 0;
  }

  private static void positive(String option, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be >= 1, got " + value);
    }
  }

  private DatasetSplit load() {
    try {
      Path cache = c.datasetCache != null ? c.datasetCache : DatasetLoader.defaultCacheDir();
      return DatasetLoader.load(c.dataset, cache, NpmLocator.packages());
    } catch (DatasetException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
  }

  /** The characters of the text's vocabulary in token order. */
  private static String vocabulary() {
    TextCorpus text = MobyDickNpm.corpus(NpmLocator.packages());
    StringBuilder sb = new StringBuilder();
    for (int t = 0; t < text.vocabularySize(); t++) {
      sb.appendCodePoint(text.codePoint(t));
    }
    return sb.toString();
  }

  private void print(PrintWriter w, GraphManifest.Run run, GraphTrainer.Outcome o) {
    String manifest = c.out.resolve(GraphManifest.FILE).toString();
    if (c.json) {
      w.println(JsonOutput.write(Report.of(run, o, manifest)));
    } else if (o.finished()) {
      w.println("trace root:        " + o.traceRoot().orElseThrow());
      w.println("final state hash:  " + o.lastStateHash());
      w.println("graph root:        " + run.graphRoot());
      w.println("config hash:       " + run.configHash());
      w.println("dataset root:      " + run.datasetRoot());
      w.println("optimizer:         " + run.optimizer().describe());
      HeldOutAccuracy.Score s = o.heldOut();
      w.println(
          "held-out accuracy: "
              + s.percent()
              + "% ("
              + s.correct()
              + "/"
              + s.total()
              + (GraphModels.isText(run.model()) ? " next characters)" : " digits)"));
      w.println("checkpoints:       " + manifest);
    } else {
      w.println("halted at step " + o.lastStep() + ", state hash " + o.lastStateHash());
    }
    w.flush();
  }

  /** JSON shape of an op-graph train result. */
  record Report(
      boolean finished,
      String traceRoot,
      String finalStateHash,
      long lastStep,
      long resumedFrom,
      String model,
      String graphRoot,
      String configHash,
      String datasetRoot,
      String optimizer,
      long heldOutCorrect,
      long heldOutTotal,
      String heldOutAccuracyPercent,
      String manifest) {
    static Report of(GraphManifest.Run run, GraphTrainer.Outcome o, String manifest) {
      return new Report(
          o.finished(),
          o.traceRoot().map(Hash32::hex).orElse(null),
          o.lastStateHash().hex(),
          o.lastStep(),
          o.resumedFrom(),
          run.model(),
          run.graphRoot(),
          run.configHash(),
          run.datasetRoot(),
          run.optimizer().describe(),
          o.heldOut().correct(),
          o.heldOut().total(),
          o.heldOut().percent(),
          manifest);
    }
  }
}
