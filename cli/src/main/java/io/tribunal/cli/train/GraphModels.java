package io.tribunal.cli.train;

import io.tribunal.core.data.MnistNpm;
import io.tribunal.core.data.MobyDickNpm;
import io.tribunal.protocol.graph.ModelPresets;
import io.tribunal.protocol.graph.OpGraph;

/**
 * The op-graph presets {@code tribunal train} and {@code tribunal generate} build: {@code
 * cnn:lenet5} on {@code mnist} and {@code gpt:<layers>-<width>-<heads>-<context>} on {@code
 * moby-dick:<context>}. The graph depends only on the preset, the vocabulary, the optimizer, B and
 * N, so a run's manifest rebuilds it exactly.
 */
final class GraphModels {
  static final String GPT = "gpt:";

  private GraphModels() {}

  /** Whether {@code model} names an op-graph preset rather than an {@code mlp:} spec. */
  static boolean names(String model) {
    return model.startsWith("cnn:") || model.startsWith(GPT);
  }

  static boolean isText(String model) {
    return model.startsWith(GPT);
  }

  /** The context T of a {@code gpt:} preset; IllegalArgumentException for a malformed one. */
  static int context(String model) {
    return ModelPresets.gpt(model, 2).context();
  }

  /** IllegalArgumentException unless {@code model} is a known preset. */
  static void check(String model) {
    if (isText(model)) {
      context(model);
    } else if (!model.equals(ModelPresets.LENET5)) {
      throw new IllegalArgumentException(
          "unknown model spec '"
              + model
              + "': expected mlp:<in>-<hidden>...-<classes>, cnn:lenet5 or"
              + " gpt:<layers>-<width>-<heads>-<context>");
    }
  }

  /**
   * IllegalArgumentException unless the preset trains on the dataset, saying which one it needs.
   */
  static void checkDataset(String model, String dataset) {
    if (!isText(model)) {
      if (!dataset.equals(MnistNpm.ID)) {
        throw new IllegalArgumentException(
            model + " classifies 1x28x28 images: use --dataset mnist, not '" + dataset + "'");
      }
      return;
    }
    int context = context(model);
    if (!MobyDickNpm.names(dataset)) {
      throw new IllegalArgumentException(
          model
              + " is a character model: use --dataset moby-dick:"
              + context
              + ", not '"
              + dataset
              + "'");
    }
    int windows = MobyDickNpm.context(dataset);
    if (windows != context) {
      throw new IllegalArgumentException(
          "--dataset "
              + dataset
              + " cuts windows of "
              + windows
              + " characters but "
              + model
              + " has context "
              + context
              + ": use --dataset moby-dick:"
              + context);
    }
  }

  /** The training-step graph for B samples from N, with V classes or tokens. */
  static OpGraph graph(
      String model, int vocabulary, OptimizerSpec optimizer, int batch, int datasetSize) {
    check(model);
    return isText(model)
        ? ModelPresets.gpt(model, vocabulary).graph(batch, optimizer.build(), datasetSize)
        : ModelPresets.lenet5().graph(batch, optimizer.build(), datasetSize);
  }
}
