package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.PositionalTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Every level of a positional tree (core's {@link PositionalTree} layout: zero padding leaves, node
 * = keccak(0x01 || left || right)), so a player can name any node (height, index), the descendants
 * a dissection move reveals, and proofs of any depth.
 */
public final class MerkleLevels {
  private final List<Hash32[]> levels;
  private final int leafCount;

  private MerkleLevels(List<Hash32[]> levels, int leafCount) {
    this.levels = levels;
    this.leafCount = leafCount;
  }

  public static MerkleLevels of(List<Hash32> leaves) {
    if (leaves.isEmpty()) {
      throw new IllegalArgumentException("a tree needs at least one leaf");
    }
    int width = 1 << heightOf(leaves.size());
    Hash32[] level = new Hash32[width];
    for (int i = 0; i < width; i++) {
      level[i] = i < leaves.size() ? leaves.get(i) : Hash32.ZERO;
    }
    List<Hash32[]> levels = new ArrayList<>();
    levels.add(level);
    while (level.length > 1) {
      Hash32[] up = new Hash32[level.length / 2];
      for (int i = 0; i < up.length; i++) {
        up[i] = PositionalTree.node(level[2 * i], level[2 * i + 1]);
      }
      levels.add(up);
      level = up;
    }
    return new MerkleLevels(levels, leaves.size());
  }

  /** Height of the tree over {@code leaves} leaves: the contract's {@code heightOf}. */
  public static int heightOf(long leaves) {
    int h = 0;
    while ((1L << h) < leaves) {
      h++;
    }
    return h;
  }

  public int height() {
    return levels.size() - 1;
  }

  public int leafCount() {
    return leafCount;
  }

  public Hash32 root() {
    return node(height(), 0);
  }

  public Hash32 leaf(int index) {
    return node(0, index);
  }

  public Hash32 node(int height, long index) {
    return levels.get(height)[Math.toIntExact(index)];
  }

  /** The 2^min(4, height) descendants of node (height, index) that one dissection move reveals. */
  public List<Hash32> children(int height, long index) {
    int d = Math.min(4, height);
    List<Hash32> c = new ArrayList<>(1 << d);
    for (int j = 0; j < 1 << d; j++) {
      c.add(node(height - d, (index << d) + j));
    }
    return c;
  }

  /** The first {@code depth} bottom-up siblings of leaf {@code index}. */
  public List<Hash32> proof(long index, int depth) {
    List<Hash32> p = new ArrayList<>(depth);
    for (int l = 0; l < depth; l++) {
      p.add(node(l, (index >> l) ^ 1));
    }
    return p;
  }
}
