package io.tribunal.protocol.dispute;

/**
 * What a challenger disputes when it opens a game (DisputeTypes.sol {@code ClaimKind}): some
 * transition (or h_0) of the trace, h_0 directly, or the committed final model hash.
 */
public enum ClaimKind {
  TRANSITION,
  INIT,
  MODEL
}
