// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IOpEvaluator} from "../../interfaces/IOpEvaluator.sol";
import {NormOps} from "../lib/NormOps.sol";
import {OpFamilies} from "../lib/OpFamilies.sol";

/// @title NormEvaluator
/// @notice The deployed element evaluator of family 1 (`OpFamilies.NORM`): layer normalisation,
///         mul_column, concat_columns, elementwise product and GELU through `NormOps`. Holds no
///         state and no funds; kinds of other families revert `LeafEvaluator_UnknownOp`.
contract NormEvaluator is IOpEvaluator {
    /// @inheritdoc IOpEvaluator
    function element(
        uint8 kind,
        uint256 row,
        uint256 col,
        bytes calldata in0,
        bytes calldata in1,
        uint256[] calldata attrs
    ) external pure returns (int256) {
        return NormOps.element(OpFamilies.member(kind, OpFamilies.NORM), row, col, in0, in1, attrs);
    }
}
