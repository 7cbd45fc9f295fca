package io.tribunal.core.train;

import io.tribunal.core.data.Dataset;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Held-out accuracy with training's own forward pass ({@link ForwardPass}); argmax ties -> lowest.
 */
public final class Evaluator {
  private Evaluator() {}

  /** Number of correctly classified samples. */
  public static long correct(MlpSpec spec, List<Tensor> params, Dataset data, Parallel parallel) {
    Tensor a = ForwardPass.logits(spec, params, data.features(), parallel);
    long correct = 0;
    for (int i = 0; i < data.size(); i++) {
      correct += ForwardPass.argmax(a.row(i)) == data.label(i) ? 1 : 0;
    }
    return correct;
  }

  /** Percentage with two decimals, formatted from integers only, e.g. "93.80". */
  public static String percent(long correct, long total) {
    if (total == 0) {
      return "0.00";
    }
    long basisPoints = (correct * 10_000 + total / 2) / total;
    return basisPoints / 100 + "." + String.format("%02d", basisPoints % 100);
  }
}
