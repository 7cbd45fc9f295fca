package io.tribunal.core.tensor;

import java.util.Arrays;

/**
 * A 2-D tensor of Q16.16 int32 values stored as row arrays (one int[] per row): rows are the unit
 * of Merkle commitment and of parallel work, and row arrays auto-vectorise better than one flat
 * array.
 *
 * <p>Invariant: every row has exactly {@link #cols()} entries. Tensors are treated as immutable
 * once published to an op program; ops always allocate fresh outputs.
 */
public final class Tensor {
  private final int cols;
  private final int[][] rows;

  private Tensor(int cols, int[][] rows) {
    this.cols = cols;
    this.rows = rows;
  }

  /** Wraps row arrays without copying; all rows must have length cols. */
  public static Tensor wrap(int cols, int[][] rows) {
    for (int[] row : rows) {
      if (row.length != cols) {
        throw new IllegalArgumentException(
            "ragged tensor: row of length " + row.length + " in a tensor of " + cols + " columns");
      }
    }
    return new Tensor(cols, rows);
  }

  /** Wraps rows of a rectangular array; the column count is taken from the first row. */
  public static Tensor of(int[][] rows) {
    return wrap(rows.length == 0 ? 0 : rows[0].length, rows);
  }

  public static Tensor zeros(int rows, int cols) {
    return new Tensor(cols, new int[rows][cols]);
  }

  public static Tensor zeros(Shape shape) {
    return zeros(shape.rows(), shape.cols());
  }

  public int rows() {
    return rows.length;
  }

  public int cols() {
    return cols;
  }

  public Shape shape() {
    return new Shape(rows.length, cols);
  }

  /** The backing row (not a copy): callers must not modify published tensors. */
  public int[] row(int i) {
    return rows[i];
  }

  public int get(int i, int j) {
    return rows[i][j];
  }

  /** The backing row arrays (not a copy), for kernels. */
  public int[][] data() {
    return rows;
  }

  public Tensor copy() {
    int[][] out = new int[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i].clone();
    }
    return new Tensor(cols, out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t && t.cols == cols && Arrays.deepEquals(t.rows, rows);
  }

  @Override
  public int hashCode() {
    return 31 * cols + Arrays.deepHashCode(rows);
  }

  @Override
  public String toString() {
    return "Tensor" + shape();
  }
}
