package io.tribunal.protocol.dispute;

import io.tribunal.core.commit.Hash32;
import java.util.List;

/**
 * The nodes of a committed op graph a move opens (contract struct {@code NodeOpening}): the picked
 * node and, for the leaf, its input nodes, each as its canonical encoding with its proof against
 * the graph root. Empty for an MLP job, whose program the contract derives from the widths.
 */
public record NodeOpening(
    byte[] node,
    List<Hash32> proof,
    byte[] input0,
    List<Hash32> input0Proof,
    byte[] input1,
    List<Hash32> input1Proof) {

  /** The opening of an MLP job's moves: nothing. */
  public static final NodeOpening NONE =
      new NodeOpening(new byte[0], List.of(), new byte[0], List.of(), new byte[0], List.of());

  public NodeOpening {
    node = node.clone();
    input0 = input0.clone();
    input1 = input1.clone();
    proof = List.copyOf(proof);
    input0Proof = List.copyOf(input0Proof);
    input1Proof = List.copyOf(input1Proof);
  }

  /** Only the picked node (what {@code pickTensor} needs). */
  public static NodeOpening of(byte[] node, List<Hash32> proof) {
    return new NodeOpening(node, proof, new byte[0], List.of(), new byte[0], List.of());
  }

  @Override
  public byte[] node() {
    return node.clone();
  }

  @Override
  public byte[] input0() {
    return input0.clone();
  }

  @Override
  public byte[] input1() {
    return input1.clone();
  }
}
