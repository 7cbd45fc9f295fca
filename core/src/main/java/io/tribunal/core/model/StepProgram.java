package io.tribunal.core.model;

import io.tribunal.core.ops.AddBias;
import io.tribunal.core.ops.GatherRows;
import io.tribunal.core.ops.MatMul;
import io.tribunal.core.ops.Relu;
import io.tribunal.core.ops.ReluBackward;
import io.tribunal.core.ops.RowSum;
import io.tribunal.core.ops.SgdUpdate;
import io.tribunal.core.ops.SoftmaxXentGrad;
import io.tribunal.core.ops.Transpose;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed op program of one SGD step of an MLP, derived from the spec alone (plus eta and the
 * step's batch indices, which are op constants). The dispute game indexes ops by position here.
 *
 * <p>Inputs: parameters W1, b1, ... (state order), the training set {@code data.x} (N x in, Q16.16)
 * and {@code data.y} (N x 1 labels). Outputs: {@code W1'}, {@code b1'}, ... — the next state.
 */
public record StepProgram(MlpSpec spec, List<Invocation> invocations) {
  public static final String DATA_X = "data.x";
  public static final String DATA_Y = "data.y";

  public StepProgram {
    invocations = List.copyOf(invocations);
  }

  public static StepProgram build(MlpSpec spec, long eta, int[] batchIndices) {
    List<Invocation> p = new ArrayList<>();
    int layers = spec.layers();
    GatherRows gather = new GatherRows(batchIndices);
    p.add(new Invocation("X", gather, List.of(DATA_X)));
    p.add(new Invocation("Y", gather, List.of(DATA_Y)));
    for (int l = 1; l <= layers; l++) {
      p.add(new Invocation("Z" + l, new MatMul(), List.of(activation(l - 1), "W" + l)));
      p.add(new Invocation("Zb" + l, new AddBias(), List.of("Z" + l, "b" + l)));
      if (l < layers) {
        p.add(new Invocation("A" + l, new Relu(), List.of("Zb" + l)));
      }
    }
    p.add(new Invocation("G" + layers, new SoftmaxXentGrad(), List.of("Zb" + layers, "Y")));
    for (int l = layers; l >= 1; l--) {
      p.add(new Invocation("G" + l + "T", new Transpose(), List.of("G" + l)));
      p.add(new Invocation(activation(l - 1) + "T", new Transpose(), List.of(activation(l - 1))));
      p.add(
          new Invocation("dW" + l, new MatMul(), List.of("G" + l + "T", activation(l - 1) + "T")));
      p.add(new Invocation("db" + l, new RowSum(), List.of("G" + l + "T")));
      if (l > 1) {
        p.add(new Invocation("W" + l + "T", new Transpose(), List.of("W" + l)));
        p.add(new Invocation("dA" + (l - 1), new MatMul(), List.of("G" + l, "W" + l + "T")));
        p.add(
            new Invocation(
                "G" + (l - 1), new ReluBackward(), List.of("dA" + (l - 1), "Zb" + (l - 1))));
      }
    }
    SgdUpdate sgd = new SgdUpdate(eta);
    for (int l = 1; l <= layers; l++) {
      p.add(new Invocation(next("W" + l), sgd, List.of("W" + l, "dW" + l)));
      p.add(new Invocation(next("b" + l), sgd, List.of("b" + l, "db" + l)));
    }
    return new StepProgram(spec, p);
  }

  /** Name of the updated parameter produced by the step. */
  public static String next(String parameter) {
    return parameter + "'";
  }

  private static String activation(int layer) {
    return layer == 0 ? "X" : "A" + layer;
  }

  public int size() {
    return invocations.size();
  }
}
