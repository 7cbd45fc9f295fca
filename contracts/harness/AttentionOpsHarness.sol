// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {AttentionOps} from "../src/dispute/lib/AttentionOps.sol";
import {OpKind} from "../src/types/DisputeTypes.sol";
import {ElementBatchHarness} from "./ElementBatchHarness.sol";

/// @title AttentionOpsHarness
/// @notice Stateless test surface of `AttentionOps`: the element dispatcher (single and batch) and
///         the prefix softmax rule as external pure functions, so the forge vector tests and the
///         Java differential test (web3j wrapper, `eth_call`) run the exact library code. Holds no
///         funds and no state; not part of a deployment.
contract AttentionOpsHarness is ElementBatchHarness {
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

    function _element(
        OpKind kind,
        uint256 row,
        uint256 col,
        bytes calldata in0,
        bytes calldata in1,
        uint256[] calldata attrs
    ) internal pure override returns (int256) {
        return AttentionOps.element(kind, row, col, in0, in1, attrs);
    }

    function _revertLengthMismatch() internal pure override {
        revert AttentionOpsHarness_LengthMismatch();
    }

    /// @notice `AttentionOps.softmaxPrefixAt`.
    function softmaxPrefixAt(bytes calldata logits, uint256 n, uint256 k) external pure returns (int256) {
        return AttentionOps.softmaxPrefixAt(logits, n, k);
    }
}
