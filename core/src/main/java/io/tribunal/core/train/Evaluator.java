package io.tribunal.core.train;

import io.tribunal.core.data.Dataset;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.ops.AddBias;
import io.tribunal.core.ops.MatMul;
import io.tribunal.core.ops.Relu;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/** Held-out accuracy with the same fixed-point forward ops as training; argmax ties -> lowest. */
public final class Evaluator {
  private Evaluator() {}

  /** Number of correctly classified samples. */
  public static long correct(MlpSpec spec, List<Tensor> params, Dataset data, Parallel parallel) {
    Tensor a = logits(spec, params, data.features(), parallel);
    long correct = 0;
    for (int i = 0; i < data.size(); i++) {
      correct += argmax(a.row(i)) == data.label(i) ? 1 : 0;
    }
    return correct;
  }

  /**
   * Output-layer logits (Q16.16) of every row of {@code inputs}: the forward half of the training
   * step (matmul, bias, ReLU per hidden layer; no softmax), so every caller gets training's bits.
   */
  public static Tensor logits(MlpSpec spec, List<Tensor> params, Tensor inputs, Parallel parallel) {
    Tensor a = inputs;
    for (int l = 1; l <= spec.layers(); l++) {
      Tensor z = new MatMul().compute(List.of(a, params.get(2 * (l - 1))), parallel);
      a = new AddBias().compute(List.of(z, params.get(2 * l - 1)), parallel);
      if (l < spec.layers()) {
        a = new Relu().compute(List.of(a), parallel);
      }
    }
    return a;
  }

  /** Index of the largest value; ties go to the lowest index. */
  public static int argmax(int[] row) {
    int best = 0;
    for (int k = 1; k < row.length; k++) {
      if (row[k] > row[best]) {
        best = k;
      }
    }
    return best;
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
