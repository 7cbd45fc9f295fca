package io.tribunal.core.commit;

import java.util.List;

/**
 * Membership proof of one tensor row against a tensor root: the shape, the row, and its bottom-up
 * siblings in the positional row tree.
 */
public record RowProof(int rows, int cols, int index, int[] row, List<Hash32> siblings) {
  public RowProof {
    row = row.clone();
    siblings = List.copyOf(siblings);
  }

  @Override
  public int[] row() {
    return row.clone();
  }

  /** True iff the row, index and shape hash to the given tensor root. */
  public boolean verify(Hash32 tensorRoot) {
    if (row.length != cols || index < 0 || index >= rows) {
      return false;
    }
    if (siblings.size() >= 31 || (index >> siblings.size()) != 0) {
      return false;
    }
    Hash32 leaf = TensorCommitment.rowLeaf(index, row);
    Hash32 treeRoot = PositionalTree.rootFromProof(leaf, index, siblings);
    return TensorCommitment.bindShape(rows, cols, treeRoot).equals(tensorRoot);
  }
}
