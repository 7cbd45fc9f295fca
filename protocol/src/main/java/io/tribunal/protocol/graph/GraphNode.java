package io.tribunal.protocol.graph;

import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.Keccak;
import java.util.Arrays;

/**
 * One node of an op graph: its kind ({@link NodeKind}), up to two input tensor ids ({@link #NONE}
 * when absent), the shape of the tensor it produces, and its constants. For a parameter, {@code
 * in0} is the id of the op whose output is the parameter's next value.
 *
 * <p>Canonical encoding (version 1, big-endian): {@code uint8 version ‖ uint8 kind ‖ uint32 in0 ‖
 * uint32 in1 ‖ uint32 rows ‖ uint32 cols ‖ uint8 attrCount ‖ uint64 attr[attrCount]}. Its leaf in
 * the graph tree is {@code keccak(0x08 ‖ uint32 index ‖ encoding)}.
 */
public record GraphNode(int kind, int in0, int in1, int rows, int cols, long[] attrs) {
  /** Encoding version of this record. */
  public static final int VERSION = 1;

  /** The input id meaning "no input". */
  public static final int NONE = -1;

  /** Domain tag of a node leaf (after core's tags 0x00..0x07). */
  public static final int LEAF_TAG = 0x08;

  /** Attributes one node may carry (the count is a uint8). */
  public static final int MAX_ATTRS = 32;

  /** Bytes before the attributes. */
  public static final int HEADER_BYTES = 19;

  public GraphNode {
    if (kind < 0 || kind > 0xFF) {
      throw new IllegalArgumentException("node kind must be a byte, got " + kind);
    }
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("a shape cannot be negative: " + rows + "x" + cols);
    }
    attrs = attrs.clone();
    if (attrs.length > MAX_ATTRS) {
      throw new IllegalArgumentException(
          "at most " + MAX_ATTRS + " attributes, got " + attrs.length);
    }
    for (long a : attrs) {
      if (a < 0) {
        throw new IllegalArgumentException("attributes are unsigned, got " + a);
      }
    }
  }

  @Override
  public long[] attrs() {
    return attrs.clone();
  }

  /** The canonical bytes. */
  public byte[] encode() {
    Keccak.Packer p =
        Keccak.packer(HEADER_BYTES + 8 * attrs.length)
            .u8(VERSION)
            .u8(kind)
            .u32(in0)
            .u32(in1)
            .u32(rows)
            .u32(cols)
            .u8(attrs.length);
    for (long a : attrs) {
      p.u64(a);
    }
    return p.toBytes();
  }

  /** Leaf hash of this node at position {@code index}. */
  public Hash32 leaf(int index) {
    byte[] body = encode();
    return Keccak.packer(5 + body.length).u8(LEAF_TAG).u32(index).bytes(body).keccak();
  }

  /** Parses the canonical bytes; IllegalArgumentException names what is wrong. */
  public static GraphNode decode(byte[] b) {
    if (b.length < HEADER_BYTES) {
      throw new IllegalArgumentException(
          "a node descriptor has at least " + HEADER_BYTES + " bytes, got " + b.length);
    }
    if ((b[0] & 0xFF) != VERSION) {
      throw new IllegalArgumentException("unknown node encoding version " + (b[0] & 0xFF));
    }
    int count = b[18] & 0xFF;
    if (b.length != HEADER_BYTES + 8 * count) {
      throw new IllegalArgumentException(
          "a node with "
              + count
              + " attributes has "
              + (HEADER_BYTES + 8 * count)
              + " bytes, got "
              + b.length);
    }
    long[] attrs = new long[count];
    for (int i = 0; i < count; i++) {
      attrs[i] = readLong(b, HEADER_BYTES + 8 * i);
    }
    return new GraphNode(
        b[1] & 0xFF, readInt(b, 2), readInt(b, 6), readInt(b, 10), readInt(b, 14), attrs);
  }

  private static int readInt(byte[] b, int off) {
    return ((b[off] & 0xFF) << 24)
        | ((b[off + 1] & 0xFF) << 16)
        | ((b[off + 2] & 0xFF) << 8)
        | (b[off + 3] & 0xFF);
  }

  private static long readLong(byte[] b, int off) {
    return ((long) readInt(b, off) << 32) | (readInt(b, off + 4) & 0xFFFFFFFFL);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GraphNode n
        && kind == n.kind
        && in0 == n.in0
        && in1 == n.in1
        && rows == n.rows
        && cols == n.cols
        && Arrays.equals(attrs, n.attrs);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Objects.hash(kind, in0, in1, rows, cols) + Arrays.hashCode(attrs);
  }

  @Override
  public String toString() {
    return NodeKind.describe(kind)
        + "("
        + in0
        + ", "
        + in1
        + ") -> "
        + rows
        + "x"
        + cols
        + " "
        + Arrays.toString(attrs);
  }
}
