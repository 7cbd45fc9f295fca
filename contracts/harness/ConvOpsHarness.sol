// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ConvOps} from "../src/dispute/lib/ConvOps.sol";
import {OpKind} from "../src/types/DisputeTypes.sol";
import {LeafEvaluator_UnknownOp} from "../src/dispute/lib/Errors.sol";

/// @title ConvOpsHarness
/// @notice Stateless test surface of `ConvOps`: the element dispatcher one case at a time and in
///         batches, and the averaging rule, as external pure functions, so the forge mirror tests
///         and the Java differential test (web3j wrapper, `eth_call`) run the exact library code.
///         Holds no funds and no state; not part of a deployment.
contract ConvOpsHarness {
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

    /// @notice `ConvOps.element` over many cases of one op with one attribute vector (parallel
    ///         arrays).
    /// @param op The op index.
    /// @param rows The output rows.
    /// @param cols The output columns.
    /// @param in0 The declared rows of input 0.
    /// @param in1 The declared rows of input 1 (empty for one-input ops).
    /// @param attrs The op's attributes, shared by every case.
    /// @return out The output elements.
    function elementBatch(
        uint8 op,
        uint256[] calldata rows,
        uint256[] calldata cols,
        bytes[] calldata in0,
        bytes[] calldata in1,
        uint256[] calldata attrs
    ) external pure returns (int256[] memory out) {
        uint256 n = rows.length;
        if (cols.length != n || in0.length != n || in1.length != n) revert ConvOpsHarness_LengthMismatch();
        OpKind kind = _op(op);
        out = new int256[](n);
        for (uint256 i; i < n; ++i) {
            out[i] = ConvOps.element(kind, rows[i], cols[i], in0[i], in1[i], attrs);
        }
    }

    /// @notice `ConvOps.mean`, the averaging rule of the pooling ops.
    /// @param sum The exact sum.
    /// @param count The number of summed values.
    /// @return The mean rounded half up.
    function mean(int256 sum, int256 count) external pure returns (int256) {
        return ConvOps.mean(sum, count);
    }

    function _op(uint8 op) private pure returns (OpKind) {
        // INVARIANT: only the ops of OpKind exist.
        if (op > uint8(type(OpKind).max)) revert LeafEvaluator_UnknownOp(op);
        return OpKind(op);
    }
}
