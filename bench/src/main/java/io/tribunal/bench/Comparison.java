package io.tribunal.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A side-by-side training run of one op-graph model in the fixed-point engine and in another
 * engine, from the same initial weights over the same batches. The PyTorch implementation lives in
 * src/torch/java and is compiled only by the bench module's {@code benchmark} Maven profile, so the
 * normal build never resolves DJL or libtorch.
 */
public interface Comparison {
  /** Class name of the PyTorch comparison, present only in a {@code -Pbenchmark} build. */
  String PYTORCH = "io.tribunal.bench.torch.PyTorchComparison";

  /**
   * What to run.
   *
   * @param model {@code cnn:lenet5}, {@code mlp:...} or {@code gpt:<layers>-<width>-<heads>-<ctx>}
   * @param batch samples (or sequences) per step
   * @param steps timed steps per engine and thread count
   * @param rounds the timed steps are run in this many alternating chunks per engine, so that a
   *     change of machine load hits both
   * @param warmup untimed steps run first by both engines (the JIT, libtorch's allocator)
   * @param threads the thread counts to run, each from the same initial weights
   * @param learningRate the learning rate (SGD for the classifiers, AdamW for gpt)
   * @param seed seed of the initial weights and of the batch indices
   * @param evalRows training rows the final losses are measured on
   * @param datasetCache the dataset cache directory
   * @param rerun the command line that runs this comparison again
   */
  record Request(
      String model,
      int batch,
      int steps,
      int rounds,
      int warmup,
      List<Integer> threads,
      String learningRate,
      long seed,
      int evalRows,
      Path datasetCache,
      String rerun) {}

  /** Runs the comparison, writing a report to {@code out}; returns the exit code. */
  int run(Request request, PrintWriter out) throws Exception;

  /** The PyTorch comparison when this build has it (the {@code benchmark} profile). */
  static Optional<Comparison> pytorch() {
    try {
      Class<?> c = Class.forName(PYTORCH);
      return Optional.of((Comparison) c.getConstructor().newInstance());
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      return Optional.empty();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot start the PyTorch comparison", e);
    }
  }
}
