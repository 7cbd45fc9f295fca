// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IOpEvaluator} from "../../interfaces/IOpEvaluator.sol";
import {ConvOps} from "../lib/ConvOps.sol";
import {OpFamilies} from "../lib/OpFamilies.sol";

/// @title ConvEvaluator
/// @notice The deployed element evaluator of family 3 (`OpFamilies.CONV`): convolution, its
///         gradients, channel layout and bias, max and average pooling through `ConvOps`. Holds no
///         state and no funds; kinds of other families revert `LeafEvaluator_UnknownOp`.
contract ConvEvaluator is IOpEvaluator {
    /// @inheritdoc IOpEvaluator
    function element(
        uint8 kind,
        uint256 row,
        uint256 col,
        bytes calldata in0,
        bytes calldata in1,
        uint256[] calldata attrs
    ) external pure returns (int256) {
        return ConvOps.element(OpFamilies.member(kind, OpFamilies.CONV), row, col, in0, in1, attrs);
    }
}
