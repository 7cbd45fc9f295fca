package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * {@code one_hot(V)}: token ids (R x 1 plain integers, like labels) to an R x V Q16.16 one-hot,
 * Y[r][c] = (ids[r][0] == c ? 1.0 : 0); an id outside [0, V) gives an all-zero row. One element
 * reads row r of the ids. The token embedding is {@code matmul(one_hot(ids), transpose(E))} for a V
 * x d table E (exact: each dot has one non-zero term 1.0 * E[id][c]), its backward {@code
 * matmul(transpose(one_hot), transpose(dY))} (the scatter-add of gradient rows into the table).
 */
public record OneHot(long vocabulary) implements Op {
  public OneHot {
    if (vocabulary < 1 || vocabulary > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "one_hot vocabulary must be in [1, 2^31), got " + vocabulary);
    }
  }

  @Override
  public String name() {
    return "one_hot";
  }

  @Override
  public long[] attributes() {
    return new long[] {vocabulary};
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    if (in.get(0).cols() != 1) {
      throw new IllegalArgumentException("one_hot needs R x 1 token ids, got " + in.get(0));
    }
    return new Shape(in.get(0).rows(), (int) vocabulary);
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] ids = in.get(0).data();
    int[][] y = new int[out.rows()][];
    parallel.forWork(
        out.rows(),
        out.cols(),
        r -> {
          int[] row = new int[out.cols()];
          int id = ids[r][0];
          if (id >= 0 && id < row.length) {
            row[id] = Fixed.ONE;
          }
          y[r] = row;
        });
    return Tensor.wrap(out.cols(), y);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return rows.row(0, row)[0] == col ? Fixed.ONE : 0;
  }
}
