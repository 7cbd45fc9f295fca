package io.tribunal.core.ops;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Batch gather: Y[b] = S[indices[b]]. The indices are a pure function of (seed, step) (see {@code
 * BatchSampler}), so they are program constants; one element needs one source row, which on chain
 * is a dataset sample proven against the dataset root.
 */
public record GatherRows(int[] indices) implements Op {
  public GatherRows {
    indices = indices.clone();
  }

  @Override
  public int[] indices() {
    return indices.clone();
  }

  @Override
  public String name() {
    return "gather_rows";
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    int rows = in.get(0).rows();
    for (int index : indices) {
      if (index < 0 || index >= rows) {
        throw new IllegalArgumentException(
            "gather index " + index + " outside a source of " + rows + " rows");
      }
    }
    return new Shape(indices.length, in.get(0).cols());
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] y = new int[out.rows()][];
    for (int b = 0; b < y.length; b++) {
      y[b] = in.get(0).row(indices[b]).clone();
    }
    return Tensor.wrap(out.cols(), y);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, indices[row]));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return rows.row(0, indices[row])[col];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GatherRows g && Arrays.equals(g.indices, indices);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(indices);
  }

  @Override
  public String toString() {
    return "GatherRows" + Arrays.toString(indices);
  }
}
