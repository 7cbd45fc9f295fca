package io.tribunal.protocol.leaf;

import io.tribunal.core.ops.DeclaredRows;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.RowRef;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * One element check as the chain sees it: the output position, the declared rows of input 0 and
 * input 1 packed as calldata (empty when the op has one input), and core's element function result.
 */
record ElementCase(int row, int col, byte[] in0, byte[] in1, int expected) {
  /** Picks a random output element of {@code op} on {@code inputs} and evaluates it in Java. */
  static ElementCase of(Op op, List<Tensor> inputs, RandomInputs random) {
    List<Shape> shapes = Op.shapes(inputs);
    Shape out = op.outputShape(shapes);
    int row = random.nextInt(out.rows());
    int col = random.nextInt(out.cols());
    List<RowRef> deps = op.dependencies(row, col, shapes);
    int expected = op.element(row, col, new DeclaredRows(inputs, deps));
    byte[] in0 = new byte[0];
    byte[] in1 = new byte[0];
    for (RowRef d : deps) {
      byte[] packed = PackedRow.pack(inputs.get(d.input()).row(d.row()));
      if (d.input() == 0) {
        in0 = packed;
      } else {
        in1 = packed;
      }
    }
    return new ElementCase(row, col, in0, in1, expected);
  }
}
