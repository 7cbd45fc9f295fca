package io.tribunal.solver.inference;

import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.ops.AddBias;
import io.tribunal.core.ops.MatMul;
import io.tribunal.core.ops.Relu;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * Deterministic inference: the forward half of core's step program (matmul, bias, ReLU per layer,
 * Q16.16 integers, no softmax) on one input row, with core's own ops. Same ops, same bits as core's
 * held-out evaluation, whatever the batch size or thread count.
 */
public final class ForwardPass {
  private ForwardPass() {}

  /** Output-layer logits (Q16.16) of {@code input} (Q16.16, length = the spec's input width). */
  public static int[] logits(MlpSpec spec, List<Tensor> params, int[] input) {
    if (input.length != spec.inputWidth()) {
      throw new IllegalArgumentException(
          "input has " + input.length + " values, the model takes " + spec.inputWidth());
    }
    return logits(spec, params, Tensor.wrap(input.length, new int[][] {input})).row(0);
  }

  /** Logits of every row of {@code inputs}. */
  public static Tensor logits(MlpSpec spec, List<Tensor> params, Tensor inputs) {
    Tensor a = inputs;
    Parallel serial = Parallel.serial();
    for (int l = 1; l <= spec.layers(); l++) {
      Tensor z = new MatMul().compute(List.of(a, params.get(2 * (l - 1))), serial);
      a = new AddBias().compute(List.of(z, params.get(2 * l - 1)), serial);
      if (l < spec.layers()) {
        a = new Relu().compute(List.of(a), serial);
      }
    }
    return a;
  }

  /** Index of the largest logit; ties go to the lowest index (core's Evaluator rule). */
  public static int argmax(int[] logits) {
    int best = 0;
    for (int k = 1; k < logits.length; k++) {
      if (logits[k] > logits[best]) {
        best = k;
      }
    }
    return best;
  }
}
