// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {AttentionOps} from "../src/dispute/lib/AttentionOps.sol";
import {OpKind} from "../src/types/DisputeTypes.sol";
import {LeafEvaluator_UnknownOp} from "../src/dispute/lib/Errors.sol";

/// @title AttentionOpsHarness
/// @notice Stateless test surface of `AttentionOps`: the element dispatcher (single and batch) and
///         the prefix softmax rule as external pure functions, so the forge vector tests and the
///         Java differential test (web3j wrapper, `eth_call`) run the exact library code. Holds no
///         funds and no state; not part of a deployment.
contract AttentionOpsHarness {
    /// @notice Reverted when the parallel arrays of a batch call have different lengths.
    error AttentionOpsHarness_LengthMismatch();

    /// @notice `AttentionOps.element` for op index `op` (see `OpKind`).
    function element(
        uint8 op,
        uint256 row,
        uint256 col,
        bytes calldata in0,
        bytes calldata in1,
        uint256[] calldata attrs
    ) external pure returns (int256) {
        return AttentionOps.element(_op(op), row, col, in0, in1, attrs);
    }

    /// @notice `AttentionOps.element` over many cases of one op with one attribute list
    ///         (parallel arrays of positions and declared rows).
    function elementBatch(
        uint8 op,
        uint256[] calldata rows,
        uint256[] calldata cols,
        bytes[] calldata in0,
        bytes[] calldata in1,
        uint256[] calldata attrs
    ) external pure returns (int256[] memory out) {
        uint256 n = rows.length;
        if (cols.length != n || in0.length != n || in1.length != n) revert AttentionOpsHarness_LengthMismatch();
        OpKind kind = _op(op);
        out = new int256[](n);
        for (uint256 i; i < n; ++i) {
            out[i] = AttentionOps.element(kind, rows[i], cols[i], in0[i], in1[i], attrs);
        }
    }

    /// @notice `AttentionOps.softmaxPrefixAt`.
    function softmaxPrefixAt(bytes calldata logits, uint256 n, uint256 k) external pure returns (int256) {
        return AttentionOps.softmaxPrefixAt(logits, n, k);
    }

    function _op(uint8 op) private pure returns (OpKind) {
        // INVARIANT: only the ops of OpKind exist.
        if (op > uint8(type(OpKind).max)) revert LeafEvaluator_UnknownOp(op);
        return OpKind(op);
    }
}
