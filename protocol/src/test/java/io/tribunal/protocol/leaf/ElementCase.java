package io.tribunal.protocol.leaf;

import io.tribunal.core.ops.DeclaredRows;
import io.tribunal.core.ops.Op;
import io.tribunal.core.ops.RowRef;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * One element check as the chain sees it: the output position, the declared rows of input 0 and
 * input 1 packed as calldata (empty when the op has one input), and core's element function result.
 */
record ElementCase(int row, int col, byte[] in0, byte[] in1, int expected) {
  /**
   * Picks a random output element of {@code op} on {@code inputs} (row first, then column, each
   * drawn by {@code nextInt} with the exclusive bound) and evaluates it in Java.
   */
  static ElementCase of(Op op, List<Tensor> inputs, IntUnaryOperator nextInt) {
    Shape out = op.outputShape(Op.shapes(inputs));
    int row = nextInt.applyAsInt(out.rows());
    int col = nextInt.applyAsInt(out.cols());
    return at(op, inputs, row, col);
  }

  /** Evaluates output element (row, col) of {@code op} on {@code inputs} over its declared rows. */
  static ElementCase at(Op op, List<Tensor> inputs, int row, int col) {
    List<Shape> shapes = Op.shapes(inputs);
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

  /** The case for an assertion message: its position and its declared rows unpacked. */
  String describe() {
    return "row "
        + row
        + ", col "
        + col
        + ", in0 "
        + Arrays.toString(PackedRow.unpack(in0))
        + ", in1 "
        + Arrays.toString(PackedRow.unpack(in1));
  }
}
