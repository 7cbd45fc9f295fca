package io.tribunal.bench;

import io.tribunal.core.data.DatasetLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code tribunal bench --vs pytorch}: checks the options and hands the run to the PyTorch
 * comparison, which exists only in a build with the benchmark profile (DJL and the CPU libtorch).
 */
final class PyTorchBench {
  private PyTorchBench() {}

  /** {@code --vs pytorch}: the same op-graph model in both engines. */
  static int run(BenchCommand b) throws Exception {
    CommandLine.ParseResult parsed = b.spec.commandLine().getParseResult();
    boolean cnnOrMlp = b.model.equals("cnn:lenet5") || b.model.startsWith("mlp:");
    if (!cnnOrMlp && !b.model.startsWith("gpt:")) {
      throw new CommandLine.ParameterException(
          b.spec.commandLine(),
          "--vs pytorch trains cnn:lenet5, mlp:<in>-...-<classes> or"
              + " gpt:<layers>-<width>-<heads>-<context> (e.g. gpt:2-64-4-64), got '"
              + b.model
              + "'");
    }
    int timed = parsed.hasMatchedOption("--steps") ? b.steps : 50;
    String lr = b.learningRate != null ? b.learningRate : cnnOrMlp ? "0.1" : "0.001";
    if (timed < 1 || b.warmup < 0 || b.batch < 1 || b.threads < 1 || b.evalRows < 1) {
      throw new CommandLine.ParameterException(
          b.spec.commandLine(),
          "--steps, --batch, --threads, --eval-rows must be >= 1 and --warmup >= 0");
    }
    List<Integer> counts =
        parsed.hasMatchedOption("--threads") ? List.of(b.threads) : List.of(1, 2);
    StringBuilder rerun =
        new StringBuilder("TRIBUNAL_BENCHMARK=1 ./tribunal bench --vs pytorch")
            .append(" --model ")
            .append(b.model)
            .append(" --batch ")
            .append(b.batch)
            .append(" --steps ")
            .append(timed)
            .append(" --rounds ")
            .append(b.rounds)
            .append(" --warmup ")
            .append(b.warmup)
            .append(" --lr ")
            .append(lr)
            .append(" --seed ")
            .append(b.seed)
            .append(" --eval-rows ")
            .append(b.evalRows);
    if (parsed.hasMatchedOption("--threads")) {
      rerun.append(" --threads ").append(b.threads);
    }
    PrintWriter out = b.spec.commandLine().getOut();
    Comparison comparison =
        Comparison.pytorch()
            .orElseThrow(
                () ->
                    new CommandLine.ParameterException(
                        b.spec.commandLine(),
                        "this build has no PyTorch comparison: build with the benchmark profile,"
                            + " e.g. TRIBUNAL_BENCHMARK=1 ./tribunal bench --vs pytorch ... (or"
                            + " mvn -Pbenchmark -DskipTests package -pl bench,cli)"));
    Path cache = b.datasetCache != null ? b.datasetCache : DatasetLoader.defaultCacheDir();
    int code =
        comparison.run(
            new Comparison.Request(
                b.model,
                b.batch,
                timed,
                Math.min(b.rounds, timed),
                b.warmup,
                counts,
                lr,
                b.seed,
                b.evalRows,
                cache,
                rerun.toString()),
            out);
    out.flush();
    return code;
  }
}
