package io.tribunal.protocol.graph;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.Keccak;
import io.tribunal.core.commit.PositionalTree;
import io.tribunal.protocol.leaf.LeafOp;
import java.util.List;

/**
 * One training step as data: {@code params} parameter declarations, then {@code data} data-input
 * declarations, then the ops in execution order. Node i produces tensor id i, so an op names its
 * inputs by the index of the node that made them.
 *
 * <p>Commitment: the nodes' leaves ({@link GraphNode#leaf}) form a positional tree (core's {@link
 * PositionalTree}: zero padding, node = keccak(0x01 ‖ left ‖ right)); the graph root is {@code
 * keccak(0x09 ‖ uint8 version ‖ uint32 params ‖ uint32 data ‖ uint32 nodes ‖ treeRoot)}. A dispute
 * opens one node with a proof of at most {@link #MAX_DEPTH} siblings.
 */
public record OpGraph(int params, int data, List<GraphNode> nodes) {
  /** Domain tag of the graph root. */
  public static final int ROOT_TAG = 0x09;

  /** Deepest node proof: at most 2^16 nodes. */
  public static final int MAX_DEPTH = 16;

  public OpGraph {
    nodes = List.copyOf(nodes);
    if (params < 0 || data < 0 || params + data > nodes.size()) {
      throw new IllegalArgumentException(
          params
              + " parameters and "
              + data
              + " data inputs do not fit "
              + nodes.size()
              + " nodes");
    }
    if (nodes.isEmpty() || nodes.size() > 1 << MAX_DEPTH) {
      throw new IllegalArgumentException("a graph has 1 to 65536 nodes, got " + nodes.size());
    }
  }

  /** Number of op nodes. */
  public int ops() {
    return nodes.size() - params - data;
  }

  /**
   * B, the rows of the graph's batch gathers (the step's batch indices feed every gather);
   * IllegalArgumentException for a graph that gathers no batch.
   */
  public int batch() {
    return nodes.stream()
        .filter(n -> n.kind() == LeafOp.GATHER_ROWS.index())
        .mapToInt(GraphNode::rows)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the graph gathers no batch"));
  }

  /** The node that produces tensor {@code id}. */
  public GraphNode node(int id) {
    return nodes.get(id);
  }

  /** Root of the positional tree over the node leaves. */
  public Hash32 treeRoot() {
    return tree().root();
  }

  /** The graph root a job commits to. */
  public Hash32 root() {
    return root(params, data, nodes.size(), treeRoot());
  }

  /** The graph root from its header and tree root (what the contract recomputes). */
  public static Hash32 root(int params, int data, int nodes, Hash32 treeRoot) {
    return Keccak.packer(46)
        .u8(ROOT_TAG)
        .u8(GraphNode.VERSION)
        .u32(params)
        .u32(data)
        .u32(nodes)
        .hash(treeRoot)
        .keccak();
  }

  /** Bottom-up siblings of node {@code index}. */
  public List<Hash32> proof(int index) {
    if (index < 0 || index >= nodes.size()) {
      throw new IllegalArgumentException("node " + index + " outside a graph of " + nodes.size());
    }
    return tree().proof(index);
  }

  /** Whether {@code node} is node {@code index} of the graph committed as {@code root}. */
  public static boolean verify(
      Hash32 root, int params, int data, int count, int index, GraphNode node, List<Hash32> proof) {
    if (index < 0 || index >= count || proof.size() > MAX_DEPTH || (index >>> proof.size()) != 0) {
      return false;
    }
    Hash32 treeRoot = PositionalTree.rootFromProof(node.leaf(index), index, proof);
    return root(params, data, count, treeRoot).equals(root);
  }

  private PositionalTree tree() {
    Hash32[] leaves = new Hash32[nodes.size()];
    for (int i = 0; i < leaves.length; i++) {
      leaves[i] = nodes.get(i).leaf(i);
    }
    return PositionalTree.of(leaves);
  }
}
