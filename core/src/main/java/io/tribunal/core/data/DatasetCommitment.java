package io.tribunal.core.data;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.tensor.Parallel;
import java.util.List;

/**
 * Commitment to a dataset as an OpenZeppelin StandardMerkleTree over samples (index, label,
 * features) encoded by {@link SampleEncoding}: what a job request names as its dataset root and
 * what gather ops are checked against on chain.
 */
public final class DatasetCommitment {
  private final StandardMerkleTree tree;

  private DatasetCommitment(StandardMerkleTree tree) {
    this.tree = tree;
  }

  public static DatasetCommitment of(Dataset d, Parallel parallel) {
    Hash32[] leaves = new Hash32[d.size()];
    parallel.forRange(d.size(), 64, i -> leaves[i] = leaf(d, i));
    return new DatasetCommitment(StandardMerkleTree.of(leaves));
  }

  public static Hash32 leaf(Dataset d, int index) {
    return StandardMerkleTree.leafHash(
        SampleEncoding.abiEncode(index, d.label(index), d.features().row(index)));
  }

  public Hash32 root() {
    return tree.root();
  }

  public List<Hash32> proof(int index) {
    return tree.proof(index);
  }
}
