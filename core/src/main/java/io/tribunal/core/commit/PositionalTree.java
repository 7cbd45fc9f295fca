package io.tribunal.core.commit;

import java.util.ArrayList;
import java.util.List;

/**
 * A positional binary Merkle tree: leaves in index order, padded with {@link Hash32#ZERO} to a
 * power of two, node = keccak256(0x01 || left || right). A single leaf is its own root.
 *
 * <p>Invariant: the proof of leaf i lists siblings bottom-up, and leaf i is the left child at level
 * l iff bit l of i is 0 — the Solidity verifier needs nothing else.
 */
public final class PositionalTree {
  private final List<Hash32[]> levels;

  private PositionalTree(List<Hash32[]> levels) {
    this.levels = levels;
  }

  /** Builds the tree over at least one leaf. */
  public static PositionalTree of(Hash32[] leaves) {
    if (leaves.length == 0) {
      throw new IllegalArgumentException("a tree needs at least one leaf");
    }
    int width = Integer.highestOneBit(leaves.length);
    if (width < leaves.length) {
      width <<= 1;
    }
    Hash32[] level = new Hash32[width];
    for (int i = 0; i < width; i++) {
      level[i] = i < leaves.length ? leaves[i] : Hash32.ZERO;
    }
    List<Hash32[]> levels = new ArrayList<>();
    levels.add(level);
    while (level.length > 1) {
      Hash32[] up = new Hash32[level.length / 2];
      for (int i = 0; i < up.length; i++) {
        up[i] = node(level[2 * i], level[2 * i + 1]);
      }
      levels.add(up);
      level = up;
    }
    return new PositionalTree(levels);
  }

  public static Hash32 node(Hash32 left, Hash32 right) {
    return Keccak.packer(65).u8(Domain.NODE).hash(left).hash(right).keccak();
  }

  public Hash32 root() {
    return levels.get(levels.size() - 1)[0];
  }

  public int depth() {
    return levels.size() - 1;
  }

  /** Siblings of leaf index, bottom-up. */
  public List<Hash32> proof(int index) {
    if (index < 0 || index >= levels.get(0).length) {
      throw new IllegalArgumentException("leaf index " + index + " outside the tree");
    }
    List<Hash32> siblings = new ArrayList<>(depth());
    int i = index;
    for (int l = 0; l < depth(); l++) {
      siblings.add(levels.get(l)[i ^ 1]);
      i >>= 1;
    }
    return siblings;
  }

  /** Recomputes the root from a leaf, its index and its bottom-up siblings. */
  public static Hash32 rootFromProof(Hash32 leaf, int index, List<Hash32> siblings) {
    Hash32 h = leaf;
    int i = index;
    for (Hash32 s : siblings) {
      h = (i & 1) == 0 ? node(h, s) : node(s, h);
      i >>= 1;
    }
    return h;
  }
}
