package io.tribunal.core.data;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.Keccak;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * OpenZeppelin StandardMerkleTree (format standard-v1, sortLeaves = true) over precomputed leaf
 * hashes, so {@code @openzeppelin/merkle-tree} and OZ {@code MerkleProof} accept our roots and
 * proofs. Layout: leaves sorted by hash, stored in a 2n-1 array from the end, node i has children
 * 2i+1 and 2i+2, node = keccak256 of the two children in ascending byte order.
 */
public final class StandardMerkleTree {
  private final Hash32[] tree;
  private final int[] treeIndexOfValue;

  private StandardMerkleTree(Hash32[] tree, int[] treeIndexOfValue) {
    this.tree = tree;
    this.treeIndexOfValue = treeIndexOfValue;
  }

  /** OZ leaf hash: keccak256(keccak256(encoded)). */
  public static Hash32 leafHash(byte[] abiEncoded) {
    return Keccak.hash(Keccak.hash(abiEncoded).bytes());
  }

  public static StandardMerkleTree of(Hash32[] leafHashes) {
    int n = leafHashes.length;
    if (n == 0) {
      throw new IllegalArgumentException("a dataset commitment needs at least one sample");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing((Integer i) -> leafHashes[i]));
    Hash32[] tree = new Hash32[2 * n - 1];
    int[] treeIndexOfValue = new int[n];
    for (int k = 0; k < n; k++) {
      int pos = tree.length - 1 - k;
      tree[pos] = leafHashes[order[k]];
      treeIndexOfValue[order[k]] = pos;
    }
    for (int i = tree.length - 1 - n; i >= 0; i--) {
      tree[i] = hashPair(tree[2 * i + 1], tree[2 * i + 2]);
    }
    return new StandardMerkleTree(tree, treeIndexOfValue);
  }

  public static Hash32 hashPair(Hash32 a, Hash32 b) {
    Hash32 lo = a.compareTo(b) <= 0 ? a : b;
    Hash32 hi = lo == a ? b : a;
    return Keccak.packer(64).hash(lo).hash(hi).keccak();
  }

  public Hash32 root() {
    return tree[0];
  }

  /** Proof of the value at input position valueIndex (OZ getProof order: bottom-up siblings). */
  public List<Hash32> proof(int valueIndex) {
    int i = treeIndexOfValue[valueIndex];
    List<Hash32> proof = new ArrayList<>();
    while (i > 0) {
      int sibling = (i % 2 == 1) ? i + 1 : i - 1;
      proof.add(tree[sibling]);
      i = (i - 1) / 2;
    }
    return proof;
  }

  /** OZ MerkleProof.verify: fold sorted pairs from the leaf. */
  public static boolean verify(Hash32 root, Hash32 leaf, List<Hash32> proof) {
    Hash32 h = leaf;
    for (Hash32 p : proof) {
      h = hashPair(h, p);
    }
    return h.equals(root);
  }
}
