package io.tribunal.core.ops;

/** Supplies input rows to {@link Op#element}; implementations may refuse undeclared rows. */
@FunctionalInterface
public interface RowSource {
  int[] row(int input, int row);
}
