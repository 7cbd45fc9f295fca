package io.tribunal.core.model;

import io.tribunal.core.ops.Op;
import java.util.List;

/** One op applied to named tensors, producing a named tensor. Position in the program = op id. */
public record Invocation(String output, Op op, List<String> inputs) {
  public Invocation {
    inputs = List.copyOf(inputs);
  }
}
