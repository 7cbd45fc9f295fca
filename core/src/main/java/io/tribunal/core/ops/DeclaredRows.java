package io.tribunal.core.ops;

import io.tribunal.core.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link RowSource} that hands out only the rows an op declared as dependencies of one element,
 * so a test (or the chain) proves the element function needs nothing else.
 */
public final class DeclaredRows implements RowSource {
  private final List<Tensor> inputs;
  private final Set<RowRef> allowed;

  public DeclaredRows(List<Tensor> inputs, List<RowRef> allowed) {
    this.inputs = inputs;
    this.allowed = new HashSet<>(allowed);
  }

  @Override
  public int[] row(int input, int row) {
    if (!allowed.contains(new RowRef(input, row))) {
      throw new IllegalStateException(
          "element function read undeclared row " + row + " of input " + input);
    }
    return inputs.get(input).row(row).clone();
  }
}
