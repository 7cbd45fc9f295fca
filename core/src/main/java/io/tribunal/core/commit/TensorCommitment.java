package io.tribunal.core.commit;

import io.tribunal.core.tensor.Parallel;
import io.tribunal.core.tensor.Tensor;

/**
 * Commitment to one tensor: one leaf per row, leaf = keccak256(0x00 || uint32 row || row as
 * big-endian int32s), a {@link PositionalTree} over the leaves, and root = keccak256(0x02 || uint32
 * rows || uint32 cols || treeRoot) so the shape is bound too.
 *
 * <p>Invariant: leaves depend only on (row index, row content), so rows may be hashed on any number
 * of threads with the same result.
 */
public final class TensorCommitment {
  private final int rows;
  private final int cols;
  private final PositionalTree tree;

  private TensorCommitment(int rows, int cols, PositionalTree tree) {
    this.rows = rows;
    this.cols = cols;
    this.tree = tree;
  }

  public static TensorCommitment of(Tensor t) {
    return of(t, Parallel.serial());
  }

  /** Hashes rows in parallel; the result does not depend on the thread count. */
  public static TensorCommitment of(Tensor t, Parallel parallel) {
    Hash32[] leaves = new Hash32[t.rows()];
    parallel.forRange(t.rows(), 8, i -> leaves[i] = rowLeaf(i, t.row(i)));
    PositionalTree tree = t.rows() == 0 ? null : PositionalTree.of(leaves);
    return new TensorCommitment(t.rows(), t.cols(), tree);
  }

  public static Hash32 rowLeaf(int index, int[] row) {
    return Keccak.packer(5 + 4 * row.length).u8(Domain.ROW_LEAF).u32(index).ints(row).keccak();
  }

  public static Hash32 bindShape(int rows, int cols, Hash32 treeRoot) {
    return Keccak.packer(41).u8(Domain.TENSOR).u32(rows).u32(cols).hash(treeRoot).keccak();
  }

  /** Root of the row tree (ZERO for an empty tensor). */
  public Hash32 treeRoot() {
    return tree == null ? Hash32.ZERO : tree.root();
  }

  /** The shape-binding tensor root. */
  public Hash32 root() {
    return bindShape(rows, cols, treeRoot());
  }

  public RowProof proveRow(Tensor t, int row) {
    if (row < 0 || row >= rows) {
      throw new IllegalArgumentException("row " + row + " outside a tensor of " + rows + " rows");
    }
    return new RowProof(rows, cols, row, t.row(row), tree.proof(row));
  }

  public ElementProof proveElement(Tensor t, int row, int col) {
    if (col < 0 || col >= cols) {
      throw new IllegalArgumentException("column " + col + " outside " + cols + " columns");
    }
    return new ElementProof(proveRow(t, row), col);
  }
}
