package io.tribunal.bench;

import io.tribunal.core.data.DatasetLoader;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.data.MnistNpm;
import io.tribunal.core.data.MobyDickNpm;
import io.tribunal.core.data.TextCorpus;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.protocol.graph.AdamW;
import io.tribunal.protocol.graph.ModelPresets;
import io.tribunal.protocol.graph.OpGraph;
import io.tribunal.protocol.graph.TransformerModel;
import io.tribunal.protocol.layout.NpmLocator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tribunal bench learn}: trains a model's fixed-point op graph and its float32 twin ({@link
 * FloatGraphStep}) side by side from the same initial parameters on the same batches, and reports
 * both engines' held-out figures and speed. Benchmark code: nothing here reaches the committed
 * computation.
 *
 * <p>Longer than 250 lines on purpose: most of it is the option declarations and the help text that
 * teaches them; the run itself is {@link LearnRun}.
 */
@Command(
    name = "learn",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Train a network written as an op graph in fixed point and, beside it, its",
      "float32 twin (same graph, initial parameters and batches); then report both",
      "engines' held-out figures and steps/s.",
      "  cnn:lenet5, mlp:<in>-<hidden>...-<classes>: MNIST (8,000 digits), SGD,",
      "    accuracy on the 2,000 held-out digits.",
      "  gpt:<layers>-<width>-<heads>-<context>: Moby-Dick characters, AdamW,",
      "    held-out bits/char next to the unigram entropy of the training text.",
      "",
      "Examples:",
      "  tribunal bench learn --model cnn:lenet5 --steps 3000 --batch 32 --lr 0.1",
      "  tribunal bench learn --model gpt:2-64-4-64 --steps 1500 --batch 8 --lr 0.002 \\",
      "      --warmup 50",
      ""
    })
public final class LearnCommand implements Callable<Integer> {
  /** AdamW constants used with --lr, --warmup, --beta2 and --adam-eps: beta1 0.9, wd 0.01. */
  static final long BETA1 = 58982;

  static final long WEIGHT_DECAY = 655;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      defaultValue = "cnn:lenet5",
      description = "cnn:lenet5, mlp:<in>-<hidden>...-<classes> or gpt:<L>-<d>-<H>-<T>.")
  String model;

  @Option(names = "--steps", defaultValue = "1000", description = "Training steps (upper bound).")
  long steps;

  @Option(names = "--batch", defaultValue = "32", description = "Samples (or sequences) per step.")
  int batch;

  @Option(names = "--threads", defaultValue = "1", description = "Worker threads of both engines.")
  int threads;

  @Option(
      names = "--lr",
      description = "Learning rate; default 0.1 (SGD, eta = lr / batch) or 0.001 (gpt, AdamW).")
  String lr;

  @Option(names = "--warmup", defaultValue = "100", description = "AdamW warm-up steps (gpt).")
  long warmup;

  @Option(
      names = "--beta2",
      defaultValue = "0.999",
      description = "AdamW second-moment decay (gpt), rounded to Q16.16.")
  String beta2;

  @Option(
      names = "--adam-eps",
      defaultValue = "0.00001",
      description = "AdamW epsilon (gpt), rounded to Q8.24.")
  String adamEps;

  @Option(
      names = "--eval-every",
      defaultValue = "250",
      description =
          "Print progress every K steps, with held-out figures on an evenly spaced quarter of the evaluation set.")
  long evalEvery;

  @Option(
      names = "--eval-windows",
      defaultValue = "256",
      description = "gpt: held-out windows evaluated (evenly spaced over the held-out text).")
  int evalWindows;

  @Option(
      names = "--minutes",
      defaultValue = "0",
      description =
          "Stop training after this much wall time (0: no limit); the report says how many"
              + " steps ran and reruns exactly those.")
  double minutes;

  @Option(names = "--seed", defaultValue = "1", description = "Initial parameters and batches.")
  long seed;

  @Option(names = "--dataset-cache", description = "Dataset cache directory (MNIST).")
  Path datasetCache;

  @Override
  public Integer call() {
    if (steps < 1 || batch < 1 || threads < 1 || evalEvery < 1 || evalWindows < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--steps, --batch, --threads, --eval-every and --eval-windows must be >= 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean text = model.startsWith("gpt:");
    String rate = lr != null ? lr : text ? "0.001" : "0.1";
    Setup s = text ? text(rate) : images(rate);
    out.printf(
        Locale.ROOT,
        "bench learn %s on %s: %d train samples, batch %d, %s, %d threads, seed %d%n",
        model,
        s.dataset,
        s.data.train().size(),
        batch,
        s.optimizer,
        threads,
        seed);
    LearnRun run = new LearnRun(s.graph, s.data.train(), seed);
    long limit = minutes > 0 ? (long) (minutes * 60e9) : Long.MAX_VALUE;
    long begin = System.nanoTime();
    try (Parallel parallel = Parallel.of(threads)) {
      HeldOutEval progress = s.progress;
      while (run.step < steps && System.nanoTime() - begin < limit) {
        run.step(parallel);
        if (run.step % evalEvery == 0 || run.step == steps) {
          HeldOutEval.Score f = progress.fixed(run.fixedState, parallel);
          HeldOutEval.Score t = progress.twin(run.floatState, parallel);
          out.printf(
              Locale.ROOT,
              "step %6d  train %s  held-out(%d) fixed %s float %s  (%.1f / %.1f steps/s)%n",
              run.step,
              run.trainLoss(),
              progress.size(),
              figure(text, f),
              figure(text, t),
              run.fixedRate(),
              run.floatRate());
          out.flush();
        }
      }
      HeldOutEval.Score f = s.eval.fixed(run.fixedState, parallel);
      HeldOutEval.Score t = s.eval.twin(run.floatState, parallel);
      out.printf(Locale.ROOT, "%nafter %d steps (batch %d, %s):%n", run.step, batch, s.optimizer);
      out.printf(
          Locale.ROOT,
          "held-out %s: fixed-point %s | float32 %s%s%n",
          s.evalName,
          figure(text, f),
          figure(text, t),
          text ? String.format(Locale.ROOT, " | unigram %.3f bits/char", s.unigram) : "");
      out.printf(
          Locale.ROOT,
          "speed (%d threads): fixed-point %.2f steps/s | float32 %.2f steps/s%n",
          threads,
          run.fixedRate(),
          run.floatRate());
      out.printf(
          Locale.ROOT,
          "rerun: tribunal bench learn --model %s --steps %d --batch %d --threads %d --lr %s%s"
              + " --eval-every %d%s --seed %d%n",
          model,
          run.step,
          batch,
          threads,
          rate,
          text ? " --warmup " + warmup + " --beta2 " + beta2 + " --adam-eps " + adamEps : "",
          evalEvery,
          text ? " --eval-windows " + evalWindows : "",
          seed);
    }
    out.flush();
    return 0;
  }

  private static String figure(boolean text, HeldOutEval.Score s) {
    return text
        ? String.format(Locale.ROOT, "%.3f bits/char", s.bitsPerToken())
        : String.format(Locale.ROOT, "%.2f%%", s.accuracyPercent());
  }

  private record Setup(
      String dataset,
      DatasetSplit data,
      OpGraph graph,
      String optimizer,
      HeldOutEval eval,
      HeldOutEval progress,
      String evalName,
      double unigram) {}

  private Setup images(String rate) {
    Path cache = datasetCache != null ? datasetCache : DatasetLoader.defaultCacheDir();
    DatasetSplit data = MnistNpm.load(cache, NpmLocator.packages());
    var layers =
        model.equals(ModelPresets.LENET5) ? ModelPresets.lenet5() : ModelPresets.mlp(model);
    long eta = TrainingConfig.eta(rate, batch);
    OpGraph graph = layers.graph(batch, eta, data.train().size());
    int chunk = 250;
    int n = data.heldOut().size() / chunk * chunk;
    OpGraph evalGraph = layers.graph(chunk, eta, data.heldOut().size());
    HeldOutEval eval = new HeldOutEval(evalGraph, data.heldOut(), Figures.range(n, 1));
    HeldOutEval progress =
        new HeldOutEval(evalGraph, data.heldOut(), Figures.range(Math.max(chunk, n / 4), 4));
    String opt = "SGD lr " + rate + " (eta " + eta + " in Q8.24 = lr / batch)";
    return new Setup(
        "mnist", data, graph, opt, eval, progress, "(" + n + " MNIST digits) accuracy", 0);
  }

  private Setup text(String rate) {
    int context = ModelPresets.gpt(model, 2).context();
    String dataset = MobyDickNpm.ID + ":" + context;
    DatasetSplit data = MobyDickNpm.load(dataset, NpmLocator.packages());
    TransformerModel gpt = ModelPresets.gpt(model, data.train().classes());
    long q824 = Figures.fixed(rate, 24);
    long b2 = Figures.fixed(beta2, 16);
    long eps = Figures.fixed(adamEps, 24);
    AdamW adamw = new AdamW(q824, warmup, BETA1, b2, eps, WEIGHT_DECAY);
    OpGraph graph = gpt.graph(batch, adamw, data.train().size());
    int windows = Math.min(evalWindows, data.heldOut().size()) / batch * batch;
    if (windows < batch) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--eval-windows must be at least the batch, " + batch);
    }
    int stride = data.heldOut().size() / windows;
    OpGraph evalGraph = gpt.graph(batch, adamw, data.heldOut().size());
    HeldOutEval eval = new HeldOutEval(evalGraph, data.heldOut(), Figures.range(windows, stride));
    int quarter = Math.max(batch, windows / 4 / batch * batch);
    HeldOutEval progress =
        new HeldOutEval(
            evalGraph, data.heldOut(), Figures.range(quarter, stride * windows / quarter));
    TextCorpus corpus = MobyDickNpm.corpus(NpmLocator.packages());
    long[] counts = corpus.counts(0, MobyDickNpm.trainEnd(corpus));
    String opt =
        String.format(
            Locale.ROOT,
            "AdamW lr %s (%d in Q8.24) warm-up %d, beta1 %d beta2 %d (Q16.16), eps %d (Q8.24), wd %d"
                + " (Q16.16)",
            rate,
            q824,
            warmup,
            BETA1,
            b2,
            eps,
            WEIGHT_DECAY);
    String name =
        String.format(
            Locale.ROOT,
            "(%d of %d windows, every %d-th, %d positions) loss",
            windows,
            data.heldOut().size(),
            stride,
            windows * context);
    return new Setup(dataset, data, graph, opt, eval, progress, name, Figures.entropy(counts));
  }
}
