package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Hash32;
import java.util.List;

/**
 * Every move of the game as data, one record per contract function. The engine decides a move from
 * a {@link DisputeView} and local data; {@link DisputeChain#submit} turns it into a transaction.
 */
public sealed interface Move {
  /** Who may make the move ({@link Side#NONE}: anyone). */
  Side side();

  /** The contract function's name. */
  default String name() {
    String s = getClass().getSimpleName();
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  record RevealTrace(Hash32 treeRoot, List<Hash32> children) implements Move {
    public Side side() {
      return Side.SOLVER;
    }
  }

  record RevealInit(Hash32 treeRoot, List<Hash32> leaf0Proof, List<Hash32> paramRoots)
      implements Move {
    public Side side() {
      return Side.SOLVER;
    }
  }

  record ProveModel(Hash32 treeRoot, List<Hash32> lastLeafProof) implements Move {
    public Side side() {
      return Side.SOLVER;
    }
  }

  record Reveal(List<Hash32> children) implements Move {
    public Side side() {
      return Side.SOLVER;
    }
  }

  record PostInterval(
      Hash32 agreedLeaf,
      List<Hash32> predProof,
      Hash32 intervalRoot,
      List<Hash32> firstProof,
      List<Hash32> lastProof,
      List<Hash32> children)
      implements Move {
    public Side side() {
      return Side.SOLVER;
    }
  }

  record RevealInitState(List<Hash32> paramRoots) implements Move {
    public Side side() {
      return Side.SOLVER;
    }
  }

  record RevealStep(
      Hash32 agreedLeaf, List<Hash32> predProof, List<Hash32> paramRoots, List<Hash32> opRoots)
      implements Move {
    public Side side() {
      return Side.SOLVER;
    }
  }

  record OpenRow(byte[] row) implements Move {
    public Side side() {
      return Side.SOLVER;
    }
  }

  /**
   * The leaf: the opened row again and the op's declared input rows (packed int32, or an ABI
   * encoded dataset sample for a gather) with their proofs, and for a graph job the opened node and
   * its input nodes.
   */
  record ProveLeaf(
      byte[] outRow,
      byte[] in0,
      List<Hash32> proof0,
      byte[] in1,
      List<Hash32> proof1,
      NodeOpening opening)
      implements Move {
    /** An MLP job's leaf (no node opening). */
    public ProveLeaf(
        byte[] outRow, byte[] in0, List<Hash32> proof0, byte[] in1, List<Hash32> proof1) {
      this(outRow, in0, proof0, in1, proof1, NodeOpening.NONE);
    }

    public Side side() {
      return Side.SOLVER;
    }
  }

  record Pick(List<Hash32> children, int child) implements Move {
    public Side side() {
      return Side.CHALLENGER;
    }
  }

  /** Name the first wrong tensor; a graph job's pick also opens the picked node. */
  record PickTensor(List<Hash32> roots, int tensor, NodeOpening opening) implements Move {
    /** An MLP job's pick (no node opening). */
    public PickTensor(List<Hash32> roots, int tensor) {
      this(roots, tensor, NodeOpening.NONE);
    }

    public Side side() {
      return Side.CHALLENGER;
    }
  }

  record PickColumn(int col) implements Move {
    public Side side() {
      return Side.CHALLENGER;
    }
  }

  /** The side to move ran out of its clock: anyone may end the game. */
  record ResolveTimeout() implements Move {
    public Side side() {
      return Side.NONE;
    }
  }
}
