package io.tribunal.core.commit;

/**
 * One-byte domain tags that prefix every hashed message, so a leaf can never be read as a node, a
 * tensor root as a state hash, and so on. Values are part of the protocol (docs/core.md).
 */
public final class Domain {
  public static final int ROW_LEAF = 0x00;
  public static final int NODE = 0x01;
  public static final int TENSOR = 0x02;
  public static final int STATE = 0x03;
  public static final int TRACE_LEAF = 0x04;
  public static final int TRACE = 0x05;
  public static final int CONFIG = 0x06;
  public static final int OP_TRACE = 0x07;

  private Domain() {}
}
