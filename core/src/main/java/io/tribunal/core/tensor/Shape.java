package io.tribunal.core.tensor;

/** Rows x columns of a 2-D tensor. Vectors are tensors with one column (biases) or one row. */
public record Shape(int rows, int cols) {
  public Shape {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("shape must be non-negative, got " + rows + "x" + cols);
    }
  }

  @Override
  public String toString() {
    return rows + "x" + cols;
  }
}
