package io.tribunal.protocol.dispute;

/** The tree a dissection runs over (DisputeTypes.sol {@code TreeKind}). */
public enum TreeKind {
  NONE,
  TRACE,
  INTERVAL,
  TENSOR
}
