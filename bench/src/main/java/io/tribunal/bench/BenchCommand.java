package io.tribunal.bench;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.data.DatasetLoader;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.train.StepEngine;
import io.tribunal.core.train.Trainer;
import io.tribunal.protocol.layout.NpmLocator;
import java.io.IOException;
import java.io.PrintWriter;
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
      "Measure fixed-point training steps/s against a float32 twin of the",
      "same model and batches, the commitment overhead (hashing + storing) at",
      "K=1 and the default K, and the time to replay one sampled transition",
      "from a stored checkpoint. 'tribunal bench learn' trains any preset",
      "(cnn:lenet5, gpt:...) in fixed point and float32 side by side and",
      "compares held-out accuracy or bits/char.",
      "",
      "--vs pytorch instead trains the same op-graph model in the fixed-point",
      "engine and in PyTorch (libtorch on the CPU through DJL) from the same",
      "initial weights over the same batches: plain SGD (lr on the mean loss)",
      "for cnn:lenet5 and mlp: models, AdamW for gpt: models (moby-dick).",
      "It prints steps/s of both engines, their ratio and both losses after",
      "the timed steps, at 1 and then 2 threads unless --threads is given,",
      "and the command that reruns it. It needs the benchmark build profile:",
      "  TRIBUNAL_BENCHMARK=1 ./tribunal bench --vs pytorch --model cnn:lenet5",
      "  TRIBUNAL_BENCHMARK=1 ./tribunal bench --vs pytorch \\",
      "      --model gpt:2-64-4-64 --batch 8 --steps 40",
      "The natives come from Maven Central (ai.djl.pytorch:pytorch-native-cpu)",
      "and load offline; nothing is downloaded at run time. On a loaded",
      "machine, OMP_WAIT_POLICY=PASSIVE keeps libtorch's 2-thread runs from",
      "spinning."
    })
public final class BenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", defaultValue = "mlp:784-128-10", description = "Model spec.")
  String model;

  @Option(names = "--batch", defaultValue = "32", description = "Batch size.")
  int batch;

  @Option(
      names = "--steps",
      defaultValue = "400",
      description = "Timed steps per round; --vs pytorch: in all (default there 50).")
  int steps;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description = "Timed rounds (median used); --vs pytorch: alternating chunks per engine.")
  int rounds;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "Worker threads; --vs pytorch runs 1 and 2 unless given.")
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
              + " Stats.min(this, 200) steps: every step writes a checkpoint).")
  int overheadSteps;

  @Option(names = "--dataset-cache", description = "Dataset cache directory.")
  Path datasetCache;

  @Option(
      names = "--vs",
      defaultValue = "float32",
      description = "What to compare with: float32 (the float twin) or pytorch.")
  String vs;

  @Option(
      names = "--lr",
      description =
          "Learning rate of --vs pytorch: SGD's (default 0.1), AdamW's for gpt: models (default"
              + " 0.001).")
  String learningRate;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description = "--vs pytorch: untimed steps both engines run before the timed ones.")
  int warmup;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "--vs pytorch: seed of the initial weights and of the batches.")
  long seed;

  @Option(
      names = "--eval-rows",
      defaultValue = "512",
      description = "--vs pytorch: training rows both final losses are measured on.")
  int evalRows;

  @Override
  public Integer call() throws Exception {
    if ("pytorch".equals(vs)) {
      return PyTorchBench.run(this);
    }
    if (!"float32".equals(vs)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--vs takes float32 or pytorch, got '" + vs + "'");
    }
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
      double fixedRate = Stats.median(fixed);
      double floatRate = Stats.median(flt);
      out.printf(
          "training  fixed-point %8.1f steps/s | float32 %8.1f steps/s | ratio %.2f%n",
          fixedRate, floatRate, fixedRate / floatRate);
      CheckpointCost.print(out, state, 1_000.0 / fixedRate, mlp, batch, interval);
      commitOverhead(out, config, data, engine, parallel);
      ReplayTime.print(out, config, data, parallel, interval);
    }
    out.flush();
    return 0;
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
        Stats.min(k1Rounds),
        Stats.max(k1Rounds),
        n1,
        interval,
        kd[rounds],
        Stats.min(kdRounds),
        Stats.max(kdRounds),
        overheadSteps);
  }
}
