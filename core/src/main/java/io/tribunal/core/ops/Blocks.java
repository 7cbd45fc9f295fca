package io.tribunal.core.ops;

import io.tribunal.core.tensor.Shape;

/**
 * Shape checks shared by the attention ops, whose tensors are stacks of equal blocks of rows (a
 * sequence of T positions, a head's T x dh slice). Every failure is an IllegalArgumentException
 * naming the op and the mismatch.
 */
final class Blocks {
  private Blocks() {}

  /** Rejects a size attribute (context length, head count, block height) below 1. */
  static int positive(String op, String attribute, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(op + " needs " + attribute + " >= 1, got " + value);
    }
    return value;
  }

  /** The number of blocks of {@code height} rows in {@code shape}; rejects a partial block. */
  static int blocks(String op, String what, Shape shape, long height) {
    if (shape.rows() % height != 0) {
      throw new IllegalArgumentException(
          op + " needs " + what + " rows divisible by " + height + ", got " + shape);
    }
    return (int) (shape.rows() / height);
  }

  /** Rejects a row width other than the one the op's attributes fix. */
  static void width(String op, String what, Shape shape, int cols) {
    if (shape.cols() != cols) {
      throw new IllegalArgumentException(
          op + " needs " + what + " rows of width " + cols + ", got " + shape);
    }
  }

  /** rows x cols as a shape, or IllegalArgumentException if rows leaves the int range. */
  static Shape shape(String op, long rows, int cols) {
    if (rows > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(op + " output of " + rows + " rows is too large");
    }
    return new Shape((int) rows, cols);
  }
}
