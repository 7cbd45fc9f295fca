package io.tribunal.core.train;

import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.ops.AddBias;
import io.tribunal.core.ops.MatMul;
import io.tribunal.core.ops.PreparedMatMul;
import io.tribunal.core.ops.Relu;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The forward half of the training step (matmul, bias, ReLU per hidden layer; Q16.16 integers, no
 * softmax) with core's own ops, so every caller gets training's bits whatever the batch size or
 * thread count: held-out evaluation ({@link Evaluator}), {@code tribunal predict} and paid
 * inference.
 *
 * <p>An instance serves one model, one input row at a time: its weights are prepared once ({@link
 * PreparedMatMul}: scanned and transposed up front instead of on every request); the static {@link
 * #logits(MlpSpec, List, Tensor)} is the plain batch form it must equal.
 */
public final class ForwardPass {
  private final MlpSpec spec;
  private final List<PreparedMatMul> weights;
  private final List<Tensor> biases;

  private ForwardPass(MlpSpec spec, List<PreparedMatMul> weights, List<Tensor> biases) {
    this.spec = spec;
    this.weights = weights;
    this.biases = biases;
  }

  /** Prepares {@code params} (W1, b1, W2, b2, …) of {@code spec} for single-row inference. */
  public static ForwardPass prepare(MlpSpec spec, List<Tensor> params) {
    List<PreparedMatMul> w = new ArrayList<>();
    List<Tensor> b = new ArrayList<>();
    for (int l = 1; l <= spec.layers(); l++) {
      w.add(new PreparedMatMul(params.get(2 * (l - 1))));
      b.add(params.get(2 * l - 1));
    }
    return new ForwardPass(spec, List.copyOf(w), List.copyOf(b));
  }

  /** Output-layer logits (Q16.16) of {@code input} (Q16.16, length = the spec's input width). */
  public int[] logits(int[] input) {
    if (input.length != spec.inputWidth()) {
      throw new IllegalArgumentException(
          "input has " + input.length + " values, the model takes " + spec.inputWidth());
    }
    Parallel serial = Parallel.serial();
    int[] a = input;
    for (int l = 1; l <= spec.layers(); l++) {
      int[] z = weights.get(l - 1).row(a);
      Tensor y =
          new AddBias()
              .compute(List.of(Tensor.wrap(z.length, new int[][] {z}), biases.get(l - 1)), serial);
      if (l < spec.layers()) {
        y = new Relu().compute(List.of(y), serial);
      }
      a = y.row(0);
    }
    return a;
  }

  /** Logits of every row of {@code inputs}, with core's whole-tensor ops, on one thread. */
  public static Tensor logits(MlpSpec spec, List<Tensor> params, Tensor inputs) {
    return logits(spec, params, inputs, Parallel.serial());
  }

  /** Output-layer logits (Q16.16) of every row of {@code inputs}. */
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

  /** Index of the largest logit; ties go to the lowest index. */
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
