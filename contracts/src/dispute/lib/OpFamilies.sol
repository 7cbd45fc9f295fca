// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {OpKind} from "../../types/DisputeTypes.sol";
import {LeafEvaluator_UnknownOp} from "./Errors.sol";

/// @title OpFamilies
/// @notice Which element evaluator owns an op kind. The kinds of one family are consecutive in
///         `OpKind`, and the families are numbered in that order: 0 the MLP ops of
///         `LeafEvaluator` (matmul .. gather_rows), 1 layer normalisation and GELU (`NormOps`,
///         `NormEvaluator`: layer_norm_stats .. gelu_backward), 2 attention (`AttentionOps`,
///         `AttentionEvaluator`: split_heads .. softmax_backward), 3 convolution and pooling
///         (`ConvOps`, `ConvEvaluator`: conv2d .. avg_pool2d_backward), 4 embeddings, residual add
///         and AdamW (`OptimizerOps`, `OptimizerEvaluator`: one_hot .. sequence_tokens).
/// @dev concat_columns is in both `NormOps` and `OptimizerOps`; by its index it belongs to family 1.
library OpFamilies {
    /// @notice The MLP ops, recomputed by `LeafEvaluator`.
    uint8 internal constant MLP = 0;

    /// @notice Layer normalisation and GELU.
    uint8 internal constant NORM = 1;

    /// @notice Multi-head attention layout, blocked products and softmax.
    uint8 internal constant ATTENTION = 2;

    /// @notice Convolution and pooling.
    uint8 internal constant CONV = 3;

    /// @notice Embeddings, residual add and AdamW.
    uint8 internal constant OPTIMIZER = 4;

    /// @notice The family that owns `kind`.
    /// @param kind The op.
    /// @return The family number (0 to 4).
    function familyOf(OpKind kind) internal pure returns (uint8) {
        uint8 k = uint8(kind);
        if (k < uint8(OpKind.LayerNormStats)) return MLP;
        if (k < uint8(OpKind.SplitHeads)) return NORM;
        if (k < uint8(OpKind.Conv2d)) return ATTENTION;
        if (k < uint8(OpKind.OneHot)) return CONV;
        return OPTIMIZER;
    }

    /// @notice The op of index `kind`, which must belong to `family`.
    /// @param kind The op index.
    /// @param family The family asked.
    /// @return The op.
    function member(uint8 kind, uint8 family) internal pure returns (OpKind) {
        // INVARIANT: an evaluator recomputes only its own family's ops.
        if (kind > uint8(type(OpKind).max) || familyOf(OpKind(kind)) != family) revert LeafEvaluator_UnknownOp(kind);
        return OpKind(kind);
    }
}
