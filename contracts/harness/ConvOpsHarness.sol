// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ConvOps} from "../src/dispute/lib/ConvOps.sol";
import {OpKind} from "../src/types/DisputeTypes.sol";
import {ElementBatchHarness} from "./ElementBatchHarness.sol";

/// @title ConvOpsHarness
/// @notice Stateless test surface of `ConvOps`: the element dispatcher one case at a time and in
///         batches, and the averaging rule, as external pure functions, so the forge mirror tests
///         and the Java differential test (web3j wrapper, `eth_call`) run the exact library code.
///         Holds no funds and no state; not part of a deployment.
contract ConvOpsHarness is ElementBatchHarness {
    /// @notice Reverted when the parallel arrays of a batch call have different lengths.
    error ConvOpsHarness_LengthMismatch();

    /// @notice `ConvOps.element` for op index `op` (see `OpKind`).
    /// @param op The op index.
    /// @param row The output row.
    /// @param col The output column.
    /// @param in0 The declared row of input 0.
    /// @param in1 The declared row of input 1 (empty for one-input ops).
    /// @param attrs The op's attributes.
    /// @return The output element.
    function element(
        uint8 op,
        uint256 row,
        uint256 col,
        bytes calldata in0,
        bytes calldata in1,
        uint256[] calldata attrs
    ) external pure returns (int256) {
        return ConvOps.element(_op(op), row, col, in0, in1, attrs);
    }

    function _element(
        OpKind kind,
        uint256 row,
        uint256 col,
        bytes calldata in0,
        bytes calldata in1,
        uint256[] calldata attrs
    ) internal pure override returns (int256) {
        return ConvOps.element(kind, row, col, in0, in1, attrs);
    }

    function _revertLengthMismatch() internal pure override {
        revert ConvOpsHarness_LengthMismatch();
    }

    /// @notice `ConvOps.mean`, the averaging rule of the pooling ops.
    /// @param sum The exact sum.
    /// @param count The number of summed values.
    /// @return The mean rounded half up.
    function mean(int256 sum, int256 count) external pure returns (int256) {
        return ConvOps.mean(sum, count);
    }
}
