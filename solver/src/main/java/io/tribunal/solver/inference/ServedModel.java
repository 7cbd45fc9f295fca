package io.tribunal.solver.inference;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.core.train.ForwardPass;
import java.util.ArrayList;
import java.util.List;

/**
 * A model ready to serve. Its {@code hash} is what JobMarket records as {@code finalModelHash}:
 * core's state hash h_n of the final parameters (StateHash over the step and every parameter tensor
 * root). The architecture is read back from the tensor shapes (W_l is out×in, b_l out×1). {@code
 * forward} is the same parameters prepared for serving one row at a time.
 */
public record ServedModel(
    Bytes32 hash, MlpSpec spec, List<Tensor> params, long ops, ForwardPass forward) {
  public ServedModel {
    params = List.copyOf(params);
  }

  public ServedModel(Bytes32 hash, MlpSpec spec, List<Tensor> params, long ops) {
    this(hash, spec, params, ops, ForwardPass.prepare(spec, params));
  }

  /** Hashes the state (so a served model is always the one its hash names) and infers its spec. */
  public static ServedModel of(ModelState state) {
    MlpSpec spec = specOf(state.parameters());
    Bytes32 hash = new Bytes32(state.hash(Parallel.serial()).bytes());
    return new ServedModel(hash, spec, state.parameters(), PriceMeter.ops(spec));
  }

  /** The MLP spec a parameter list (W1, b1, W2, b2, ...) has, from the tensor shapes. */
  public static MlpSpec specOf(List<Tensor> params) {
    if (params.isEmpty() || params.size() % 2 != 0) {
      throw new IllegalArgumentException("an MLP state holds W, b pairs, got " + params.size());
    }
    List<Integer> widths = new ArrayList<>();
    widths.add(params.get(0).cols());
    for (int l = 0; l < params.size() / 2; l++) {
      Tensor w = params.get(2 * l);
      Tensor b = params.get(2 * l + 1);
      if (w.cols() != widths.get(l) || b.rows() != w.rows() || b.cols() != 1) {
        throw new IllegalArgumentException("layer " + (l + 1) + " has inconsistent shapes");
      }
      widths.add(w.rows());
    }
    return new MlpSpec(widths);
  }
}
