package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * {@code position_grad(T)}: the gradient of the position table of {@link AddPositions}, summed over
 * the B sequences, in transposed form. Input dY^T (d x (B*T), the {@code transpose} of dY); output
 * dP^T (d x T) with dP^T[c][t] = saturate(sum_b dY^T[c][b*T + t]) (exact sum). One element reads
 * row c of dY^T.
 */
public record PositionGrad(long positions) implements Op {
  public PositionGrad {
    if (positions < 1 || positions > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("position_grad T must be in [1, 2^31), got " + positions);
    }
  }

  @Override
  public String name() {
    return "position_grad";
  }

  @Override
  public long[] attributes() {
    return new long[] {positions};
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    Shape dyT = in.get(0);
    if (dyT.cols() % positions != 0) {
      throw new IllegalArgumentException(
          "position_grad needs d x (B*T) columns with T = " + positions + ", got " + dyT);
    }
    return new Shape(dyT.rows(), (int) positions);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] dyT = in.get(0).data();
    int[][] dpT = new int[out.rows()][];
    parallel.forWork(out.rows(), in.get(0).cols(), c -> dpT[c] = sums(dyT[c], out.cols()));
    return Tensor.wrap(out.cols(), dpT);
  }

  private static int[] sums(int[] row, int t) {
    long[] acc = new long[t];
    for (int k = 0; k < row.length; k++) {
      acc[k % t] += row[k]; // fewer than 2^31 terms of |x| <= 2^31: exact in int64
    }
    int[] out = new int[t];
    for (int j = 0; j < t; j++) {
      out[j] = Fixed.saturate(acc[j]);
    }
    return out;
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    int[] r = rows.row(0, row);
    long acc = 0;
    for (long k = col; k < r.length; k += positions) {
      acc += r[(int) k];
    }
    return Fixed.saturate(acc);
  }
}
