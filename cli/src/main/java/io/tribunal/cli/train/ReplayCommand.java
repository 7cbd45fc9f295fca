package io.tribunal.cli.train;

import io.tribunal.core.data.Dataset;
import io.tribunal.core.data.DatasetException;
import io.tribunal.core.data.DatasetLoader;
import io.tribunal.core.model.OpTrace;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.CorruptCheckpointException;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.Replayer;
import io.tribunal.protocol.layout.NpmLocator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tribunal replay}: recompute one committed transition and say whether it matches. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Recompute transition i (state h_i -> h_i+1) of a training run from its stored checkpoints.",
      "Starts at the checkpoint below i and runs to the next committed checkpoint, whose state",
      "hash decides. Exit code 0 = matches, 1 = mismatch or corrupt checkpoint (file named)."
    })
public final class ReplayCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--dir", required = true, description = "Output directory of 'train'.")
  Path dir;

  @Option(names = "--step", required = true, description = "Transition index i in [0, n).")
  long step;

  @Option(names = "--threads", defaultValue = "2", description = "Worker threads.")
  int threads;

  @Option(names = "--dataset-cache", description = "Dataset cache directory.")
  Path datasetCache;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    if (threads < 1) {
      throw new CommandLine.ParameterException(cl, "--threads must be >= 1, got " + threads);
    }
    CheckpointStore store = CheckpointStore.open(dir, false);
    try (Parallel parallel = Parallel.of(threads)) {
      Manifest m =
          store
              .readManifest()
              .orElseThrow(
                  () ->
                      new CommandLine.ParameterException(
                          cl, "no manifest.json in " + dir + ": not a training output"));
      Path cache = datasetCache != null ? datasetCache : DatasetLoader.defaultCacheDir();
      Dataset train =
          DatasetLoader.load(m.config().datasetId(), cache, NpmLocator.packages()).train();
      Replayer.Outcome o = new Replayer(store, parallel).replay(train, step);
      print(cl.getOut(), o);
      return o.matches() ? 0 : 1;
    } catch (DatasetException | IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    } catch (CorruptCheckpointException e) {
      cl.getErr().println("replay: " + e.getMessage());
      cl.getErr().flush();
      return 1;
    }
  }

  private void print(PrintWriter w, Replayer.Outcome o) {
    if (json) {
      w.println(JsonOutput.write(ReplayReport.of(o)));
    } else {
      w.println("transition:        " + o.step() + " -> " + (o.step() + 1));
      w.println("from checkpoint:   step " + o.fromCheckpoint());
      w.println("h_i:               " + o.stateBefore());
      w.println("h_i+1:             " + o.stateAfter());
      w.println("checked at step:   " + o.verifiedAt());
      w.println("committed:         " + o.expectedAtCheckpoint());
      w.println("recomputed:        " + o.recomputedAtCheckpoint());
      w.println("trace root intact: " + o.traceRootMatches());
      w.println(o.matches() ? "MATCH" : "MISMATCH");
    }
    w.flush();
  }

  /** JSON shape of the replay result. */
  record ReplayReport(
      long step,
      boolean matches,
      long fromCheckpoint,
      long verifiedAt,
      String stateBefore,
      String stateAfter,
      String committed,
      String recomputed,
      boolean traceRootMatches,
      List<OpTrace.Entry> ops) {
    static ReplayReport of(Replayer.Outcome o) {
      return new ReplayReport(
          o.step(),
          o.matches(),
          o.fromCheckpoint(),
          o.verifiedAt(),
          o.stateBefore().hex(),
          o.stateAfter().hex(),
          o.expectedAtCheckpoint().hex(),
          o.recomputedAtCheckpoint().hex(),
          o.traceRootMatches(),
          o.opTrace().entries());
    }
  }
}
