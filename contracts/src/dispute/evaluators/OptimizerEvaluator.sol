// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IOpEvaluator} from "../../interfaces/IOpEvaluator.sol";
import {OptimizerOps} from "../lib/OptimizerOps.sol";
import {OpFamilies} from "../lib/OpFamilies.sol";

/// @title OptimizerEvaluator
/// @notice The deployed element evaluator of family 4 (`OpFamilies.OPTIMIZER`): one_hot, position
///         embeddings, residual add, Adam moments, AdamW and sequence tokens through
///         `OptimizerOps`. Holds no state and no funds; kinds of other families revert
///         `LeafEvaluator_UnknownOp`.
contract OptimizerEvaluator is IOpEvaluator {
    /// @inheritdoc IOpEvaluator
    function element(
        uint8 kind,
        uint256 row,
        uint256 col,
        bytes calldata in0,
        bytes calldata in1,
        uint256[] calldata attrs
    ) external pure returns (int256) {
        return OptimizerOps.element(OpFamilies.member(kind, OpFamilies.OPTIMIZER), row, col, in0, in1, attrs);
    }
}
