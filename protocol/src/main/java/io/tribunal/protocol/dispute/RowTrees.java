package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.TensorCommitment;
import io.tribunal.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Row trees of tensors: the trees the op and element levels of a game are played over. */
public final class RowTrees {
  private RowTrees() {}

  public static MerkleLevels of(Tensor t) {
    List<Hash32> leaves = new ArrayList<>(t.rows());
    for (int r = 0; r < t.rows(); r++) {
      leaves.add(TensorCommitment.rowLeaf(r, t.row(r)));
    }
    return MerkleLevels.of(leaves);
  }

  /** Row-tree roots (not shape-bound: the contract binds shapes itself). */
  public static List<Hash32> roots(List<Tensor> tensors) {
    List<Hash32> roots = new ArrayList<>(tensors.size());
    for (Tensor t : tensors) {
      roots.add(TensorCommitment.of(t).treeRoot());
    }
    return roots;
  }
}
