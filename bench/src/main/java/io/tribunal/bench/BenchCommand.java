package io.tribunal.bench;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.data.DatasetLoader;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.Replayer;
import io.tribunal.core.train.StepEngine;
import io.tribunal.core.train.TrainListener;
import io.tribunal.core.train.Trainer;
import io.tribunal.protocol.layout.NpmLocator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tribunal bench}: fixed-point vs float32 training speed side by side, commitment overhead
 * at K=1 and the default K, and the time to replay one transition. Benchmark code: wall-clock time
 * is measured here and never reaches the committed computation.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    subcommands = LearnCommand.class,
    description = {
      "Measure fixed-point training steps/s against a float32 twin of the same model and",
      "batches, the commitment overhead (hashing + storing) at K=1 and the default K, and the",
      "time to replay one sampled transition from a stored checkpoint. 'tribunal bench learn'",
      "trains any preset (cnn:lenet5, gpt:...) in fixed point and float32 side by side and",
      "compares held-out accuracy or bits/char."
    })
public final class BenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", defaultValue = "mlp:784-128-10", description = "Model spec.")
  String model;

  @Option(names = "--batch", defaultValue = "32", description = "Batch size.")
  int batch;

  @Option(names = "--steps", defaultValue = "400", description = "Timed steps per round.")
  int steps;

  @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds (median used).")
  int rounds;

  @Option(names = "--threads", defaultValue = "2", description = "Worker threads.")
  int threads;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "" + TrainingConfig.DEFAULT_CHECKPOINT_INTERVAL,
      description = "The default K to report overhead for.")
  long interval;

  @Option(
      names = "--overhead-steps",
      defaultValue = "2000",
      description =
          "Training steps per end-to-end overhead round at the default K (K=1 rounds use"
              + " min(this, 200) steps: every step writes a checkpoint).")
  int overheadSteps;

  @Option(names = "--dataset-cache", description = "Dataset cache directory.")
  Path datasetCache;

  @Override
  public Integer call() throws IOException {
    if (steps < 1 || rounds < 1 || threads < 1 || interval < 1 || batch < 1 || overheadSteps < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--steps, --rounds, --threads, --batch, --checkpoint-every, --overhead-steps must be"
              + " >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path cache = datasetCache != null ? datasetCache : DatasetLoader.defaultCacheDir();
    DatasetSplit data = DatasetLoader.load("mnist", cache, NpmLocator.packages());
    MlpSpec mlp = MlpSpec.parse(model);
    try (Parallel parallel = Parallel.of(threads)) {
      Hash32 root = DatasetCommitment.of(data.train(), parallel).root();
      TrainingConfig config =
          new TrainingConfig(mlp, "mnist", root, 1, batch, "0.1", 1_000_000, interval);
      StepEngine engine = new StepEngine(config, data.train());
      ModelState init = engine.initial();
      FloatTwin twin =
          new FloatTwin(mlp, data.train(), init.parameters(), 1, batch, 0.1f, parallel);
      out.printf(
          "bench %s batch %d threads %d, %d rounds x %d steps%n",
          mlp, batch, threads, rounds, steps);
      double[] fixed = new double[rounds];
      double[] flt = new double[rounds];
      ModelState state = init;
      long floatStep = 0;
      for (int r = -1; r < rounds; r++) { // round -1 warms up the JIT
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
          state = engine.step(state, parallel);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
          twin.step(floatStep++);
        }
        long t2 = System.nanoTime();
        if (r >= 0) {
          fixed[r] = steps / ((t1 - t0) / 1e9);
          flt[r] = steps / ((t2 - t1) / 1e9);
        }
      }
      double fixedRate = median(fixed);
      double floatRate = median(flt);
      out.printf(
          "training  fixed-point %8.1f steps/s | float32 %8.1f steps/s | ratio %.2f%n",
          fixedRate, floatRate, fixedRate / floatRate);
      commitCost(out, state, 1_000.0 / fixedRate);
      commitOverhead(out, config, data, engine, parallel);
      replayTime(out, config, data, parallel);
    }
    out.flush();
    return 0;
  }

  /** Per-checkpoint cost breakdown, as the background writer pays it (serial hash). */
  private void commitCost(PrintWriter out, ModelState state, double stepMs) throws IOException {
    Path dir = Files.createTempDirectory("tribunal-bench");
    CheckpointStore store = CheckpointStore.open(dir, false);
    Manifest manifest =
        Manifest.start(
            new TrainingConfig(
                MlpSpec.parse(model), "mnist", Hash32.ZERO, 1, batch, "0.1", 1_000_000, interval));
    int reps = 30;
    double[] hashMs = new double[reps];
    double[] storeMs = new double[reps];
    for (int r = 0; r < reps; r++) {
      ModelState s = new ModelState(state.step() + r, state.parameters());
      long t0 = System.nanoTime();
      Hash32 h = s.hash(Parallel.serial());
      long t1 = System.nanoTime();
      String file = store.save(s);
      manifest = manifest.with(new Manifest.CheckpointEntry(s.step(), h.hex(), file));
      store.writeManifest(manifest);
      long t2 = System.nanoTime();
      hashMs[r] = (t1 - t0) / 1e6;
      storeMs[r] = (t2 - t1) / 1e6;
    }
    double hash = median(hashMs);
    double save = median(storeMs);
    out.printf(
        "commit    hash %.2f ms + store %.2f ms = %.2f ms per checkpoint, on the background"
            + " writer; step %.3f ms%n",
        hash, save, hash + save, stepMs);
    CommitmentOverhead.deleteTree(dir);
  }

  /**
   * End-to-end commitment overhead: wall time of N steps through the {@link Trainer} (initial and
   * every K-th checkpoint hashed, stored and listed, writer drained at the end) over the wall time
   * of the same N steps from the same initial state with no commitment at all, minus one. Rounds
   * interleave the two so load drift hits both; the median round is reported with the range.
   */
  private void commitOverhead(
      PrintWriter out, TrainingConfig base, DatasetSplit data, StepEngine engine, Parallel parallel)
      throws IOException {
    long n1 = Math.min(overheadSteps, 200);
    double[] k1 = CommitmentOverhead.rounds(base, data, engine, parallel, 1, n1, rounds);
    double[] kd =
        CommitmentOverhead.rounds(base, data, engine, parallel, interval, overheadSteps, rounds);
    double[] k1Rounds = Arrays.copyOf(k1, rounds);
    double[] kdRounds = Arrays.copyOf(kd, rounds);
    out.printf(
        "overhead  end to end (N steps with commitments / same N steps without - 1), over %d"
            + " interleaved rounds [range of single rounds]: K=1: %.1f%% [%.1f..%.1f] (N=%d) |"
            + " K=%d (default): %.2f%% [%.2f..%.2f] (N=%d)%n",
        rounds,
        k1[rounds],
        min(k1Rounds),
        max(k1Rounds),
        n1,
        interval,
        kd[rounds],
        min(kdRounds),
        max(kdRounds),
        overheadSteps);
  }

  private void replayTime(
      PrintWriter out, TrainingConfig base, DatasetSplit data, Parallel parallel)
      throws IOException {
    Path dir = Files.createTempDirectory("tribunal-replay");
    long n = 2 * interval;
    TrainingConfig config = base.withRun(n, interval);
    CheckpointStore store = CheckpointStore.open(dir, false);
    new Trainer(config, data, store, parallel, TrainListener.NONE).run(Long.MAX_VALUE);
    Replayer replayer = new Replayer(store, parallel);
    long sampled = interval + interval / 2;
    replayer.replay(data.train(), sampled); // warm-up
    long t0 = System.nanoTime();
    Replayer.Outcome o = replayer.replay(data.train(), sampled);
    long t1 = System.nanoTime();
    long t2 = System.nanoTime();
    DatasetCommitment.of(data.train(), parallel);
    long t3 = System.nanoTime();
    out.printf(
        "replay    transition %d (K=%d, %d steps recomputed + op trace): %.1f ms total, of which"
            + " dataset root check %.1f ms; matches=%s%n",
        sampled, interval, interval, (t1 - t0) / 1e6, (t3 - t2) / 1e6, o.matches());
    CommitmentOverhead.deleteTree(dir);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElseThrow();
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElseThrow();
  }
}
