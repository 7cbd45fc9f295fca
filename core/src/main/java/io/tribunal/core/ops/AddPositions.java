package io.tribunal.core.ops;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Shape;
import io.tribunal.core.tensor.Tensor;
import java.util.List;

/**
 * {@code add_positions(T)}: learned position embeddings added to a sequence batch X ((B*T) x d, row
 * b*T + t is position t of sequence b) from a T x d table P: Y[r][c] = add(X[r][c], P[r mod T][c]).
 * One element reads row r of X and row r mod T of P. Its backward is the identity for X and {@link
 * PositionGrad} for P.
 */
public record AddPositions(long positions) implements Op {
  public AddPositions {
    if (positions < 1 || positions > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("add_positions T must be in [1, 2^31), got " + positions);
    }
  }

  @Override
  public String name() {
    return "add_positions";
  }

  @Override
  public long[] attributes() {
    return new long[] {positions};
  }

  @Override
  public int arity() {
    return 2;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Op.requireArity(this, in);
    Shape x = in.get(0);
    Shape p = in.get(1);
    if (x.rows() % positions != 0) {
      throw new IllegalArgumentException(
          "add_positions needs (B*T) rows with T = " + positions + ", got " + x);
    }
    if (p.rows() != positions || p.cols() != x.cols()) {
      throw new IllegalArgumentException(
          "add_positions needs a " + positions + "x" + x.cols() + " position table, got " + p);
    }
    return x;
  }

  @Override
  public Tensor compute(List<Tensor> in, Parallel parallel) {
    Shape out = outputShape(Op.shapes(in));
    int[][] x = in.get(0).data();
    int[][] p = in.get(1).data();
    int[][] y = new int[out.rows()][out.cols()];
    parallel.forWork(
        out.rows(),
        out.cols(),
        r -> {
          int[] xr = x[r];
          int[] pr = p[(int) (r % positions)];
          int[] yr = y[r];
          for (int c = 0; c < yr.length; c++) {
            yr[c] = Fixed.add(xr[c], pr[c]);
          }
        });
    return Tensor.wrap(out.cols(), y);
  }

  @Override
  public List<RowRef> dependencies(int row, int col, List<Shape> in) {
    return List.of(new RowRef(0, row), new RowRef(1, (int) (row % positions)));
  }

  @Override
  public int element(int row, int col, RowSource rows) {
    return Fixed.add(rows.row(0, row)[col], rows.row(1, (int) (row % positions))[col]);
  }
}
