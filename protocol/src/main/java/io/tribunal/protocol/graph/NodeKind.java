package io.tribunal.protocol.graph;

import io.tribunal.protocol.leaf.LeafOp;
import java.util.Optional;

/**
 * The kind byte of a graph node. Ops use their leaf index ({@link LeafOp#index()}, below 0x80);
 * declarations of parameters and data inputs use the reserved values from 0x80 on. The values are
 * part of the protocol (docs/op-graph.md).
 */
public final class NodeKind {
  /** A parameter initialised to zero (biases). No attributes. */
  public static final int PARAM_ZERO = 0x80;

  /** A parameter drawn He-uniform from the seed; attribute: fan-in. */
  public static final int PARAM_HE_UNIFORM = 0x81;

  /** A parameter initialised to 1.0 (normalisation gains). No attributes. */
  public static final int PARAM_ONE = 0x82;

  /** Dataset features: the training set's N x width Q16.16 rows. */
  public static final int DATA_FEATURES = 0x90;

  /** Dataset labels: the training set's N x 1 integer labels. */
  public static final int DATA_LABELS = 0x91;

  /** First value that is not an op. */
  public static final int FIRST_DECLARATION = 0x80;

  private NodeKind() {}

  public static boolean isParameter(int kind) {
    return kind == PARAM_ZERO || kind == PARAM_HE_UNIFORM || kind == PARAM_ONE;
  }

  public static boolean isData(int kind) {
    return kind == DATA_FEATURES || kind == DATA_LABELS;
  }

  /** The op of an op kind, or empty for a declaration or an unknown value. */
  public static Optional<LeafOp> op(int kind) {
    if (kind < 0 || kind >= FIRST_DECLARATION || kind >= LeafOp.values().length) {
      return Optional.empty();
    }
    return Optional.of(LeafOp.values()[kind]);
  }

  /** A readable name for messages and docs. */
  public static String describe(int kind) {
    return switch (kind) {
      case PARAM_ZERO -> "param_zero";
      case PARAM_HE_UNIFORM -> "param_he_uniform";
      case PARAM_ONE -> "param_one";
      case DATA_FEATURES -> "data_features";
      case DATA_LABELS -> "data_labels";
      default ->
          op(kind)
              .map(o -> o.name().toLowerCase(java.util.Locale.ROOT))
              .orElse("unknown kind " + kind);
    };
  }
}
