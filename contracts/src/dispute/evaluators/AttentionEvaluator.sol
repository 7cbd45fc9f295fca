// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IOpEvaluator} from "../../interfaces/IOpEvaluator.sol";
import {AttentionOps} from "../lib/AttentionOps.sol";
import {OpFamilies} from "../lib/OpFamilies.sol";

/// @title AttentionEvaluator
/// @notice The deployed element evaluator of family 2 (`OpFamilies.ATTENTION`): the head layouts,
///         blocked products, scale and causal softmax of attention through `AttentionOps`. Holds no
///         state and no funds; kinds of other families revert `LeafEvaluator_UnknownOp`.
contract AttentionEvaluator is IOpEvaluator {
    /// @inheritdoc IOpEvaluator
    function element(
        uint8 kind,
        uint256 row,
        uint256 col,
        bytes calldata in0,
        bytes calldata in1,
        uint256[] calldata attrs
    ) external pure returns (int256) {
        return AttentionOps.element(OpFamilies.member(kind, OpFamilies.ATTENTION), row, col, in0, in1, attrs);
    }
}
