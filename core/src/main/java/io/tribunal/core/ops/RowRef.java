package io.tribunal.core.ops;

/**
 * One input row an op element depends on: input position in the op's argument list, and row index.
 * Rows are the Merkle leaves, so this is exactly what a dispute must reveal.
 */
public record RowRef(int input, int row) {}
