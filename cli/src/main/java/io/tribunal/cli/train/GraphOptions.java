package io.tribunal.cli.train;

import picocli.CommandLine.Option;

/** The options only op-graph presets ({@code cnn:}, {@code gpt:}) read: the optimizer's. */
final class GraphOptions {
  @Option(
      names = "--optimizer",
      paramLabel = "sgd|adamw",
      description =
          "cnn: and gpt: models: sgd (W -= lr/B * grad) or adamw (moments kept in the checkpoints,"
              + " beta1 0.9, weight decay 0.01). Default: sgd for cnn:, adamw for gpt:.")
  String optimizer;

  @Option(
      names = "--warmup",
      defaultValue = "50",
      description = "AdamW: steps of linear learning-rate warm-up from 0.")
  long warmup;

  @Option(
      names = "--beta2",
      defaultValue = "0.999",
      description = "AdamW: second-moment decay, rounded to Q16.16.")
  String beta2;

  @Option(
      names = "--adam-eps",
      defaultValue = "0.0001",
      description = "AdamW: epsilon, rounded to Q8.24.")
  String adamEps;

  /** The optimizer a model trains with when --optimizer is not given. */
  String optimizer(String model) {
    if (optimizer != null) {
      return optimizer;
    }
    return GraphModels.isText(model) ? OptimizerSpec.ADAMW : OptimizerSpec.SGD;
  }

  /** The learning rate when --lr is not given: 0.1 for SGD, 0.002 for AdamW. */
  static String defaultRate(String optimizer) {
    return optimizer.equals(OptimizerSpec.SGD) ? "0.1" : "0.002";
  }

  OptimizerSpec spec(String model, String learningRate, int batch) {
    String name = optimizer(model);
    String rate = learningRate != null ? learningRate : defaultRate(name);
    return switch (name) {
      case OptimizerSpec.SGD -> OptimizerSpec.sgd(rate, batch);
      case OptimizerSpec.ADAMW -> OptimizerSpec.adamw(rate, warmup, beta2, adamEps);
      default ->
          throw new IllegalArgumentException(
              "unknown --optimizer '" + name + "': expected sgd or adamw");
    };
  }
}
