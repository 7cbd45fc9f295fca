// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {OpKind} from "../src/types/DisputeTypes.sol";
import {LeafEvaluator_UnknownOp} from "../src/dispute/lib/Errors.sol";

/// @title ElementBatchHarness
/// @notice What the harnesses of the op-family evaluators share: `elementBatch`, one op's element
///         function over many cases in one call (the Java differential tests' `eth_call`), and the
///         op-index check. A harness supplies its library's element function and its own
///         length-mismatch error.
abstract contract ElementBatchHarness {
    /// @notice The library's element function over many cases of one op with one attribute list
    ///         (parallel arrays of positions and declared rows).
    /// @param op The op index (see `OpKind`).
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
        if (cols.length != n || in0.length != n || in1.length != n) _revertLengthMismatch();
        OpKind kind = _op(op);
        out = new int256[](n);
        for (uint256 i; i < n; ++i) {
            out[i] = _element(kind, rows[i], cols[i], in0[i], in1[i], attrs);
        }
    }

    /// @dev The library's element function.
    function _element(
        OpKind kind,
        uint256 row,
        uint256 col,
        bytes calldata in0,
        bytes calldata in1,
        uint256[] calldata attrs
    ) internal pure virtual returns (int256);

    /// @dev Reverts with the harness's error for parallel arrays of different lengths.
    function _revertLengthMismatch() internal pure virtual;

    function _op(uint8 op) internal pure returns (OpKind) {
        // INVARIANT: only the ops of OpKind exist.
        if (op > uint8(type(OpKind).max)) revert LeafEvaluator_UnknownOp(op);
        return OpKind(op);
    }
}
