// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {NormOps} from "../src/dispute/lib/NormOps.sol";
import {OpKind} from "../src/types/DisputeTypes.sol";
import {ElementBatchHarness} from "./ElementBatchHarness.sol";

/// @title NormOpsHarness
/// @notice Stateless test surface of `NormOps`: the element dispatcher (single and batched, as the
///         Java differential test calls it through `eth_call`) and every scalar rule of the
///         layer-normalisation and GELU family as an external pure function, so the forge vector
///         tests and the Java tests run the exact library code. Holds no funds and no state; not
///         part of a deployment.
contract NormOpsHarness is ElementBatchHarness {
    /// @notice Reverted when the parallel arrays of a batch call have different lengths.
    error NormOpsHarness_LengthMismatch();

    // ------------------------------------------------------------------------------------ scalars

    /// @notice `NormOps.rowMean` of a packed row.
    function rowMean(bytes calldata v) external pure returns (int32) {
        return NormOps.rowMean(v);
    }

    /// @notice `NormOps.rowRstd` of a packed row.
    function rowRstd(bytes calldata v, uint256 eps) external pure returns (int32) {
        return NormOps.rowRstd(v, eps);
    }

    /// @notice `NormOps.normalize`.
    function normalize(int32 x, int32 mean, int32 rstd) external pure returns (int32) {
        return NormOps.normalize(x, mean, rstd);
    }

    /// @notice `NormOps.meanOfProducts` of two packed rows.
    function meanOfProducts(bytes calldata a, bytes calldata b) external pure returns (int32) {
        return NormOps.meanOfProducts(a, b);
    }

    /// @notice `NormOps.normBackward`.
    function normBackward(int32 g, int32 xhat, int32 m1, int32 m2, int32 rstd) external pure returns (int32) {
        return NormOps.normBackward(g, xhat, m1, m2, rstd);
    }

    /// @notice `NormOps.geluArgument`.
    function geluArgument(int32 x) external pure returns (int256) {
        return NormOps.geluArgument(x);
    }

    /// @notice `NormOps.sigmoid`.
    function sigmoid(int256 z) external pure returns (int32) {
        return NormOps.sigmoid(z);
    }

    /// @notice `NormOps.gelu`.
    function gelu(int32 x) external pure returns (int32) {
        return NormOps.gelu(x);
    }

    /// @notice `NormOps.geluDerivative`.
    function geluDerivative(int32 x) external pure returns (int32) {
        return NormOps.geluDerivative(x);
    }

    // ---------------------------------------------------------------------------------------- ops

    /// @notice `NormOps.element` for op index `op` (see `OpKind`).
    function element(
        uint8 op,
        uint256 row,
        uint256 col,
        bytes calldata in0,
        bytes calldata in1,
        uint256[] calldata attrs
    ) external pure returns (int32) {
        return NormOps.element(_op(op), row, col, in0, in1, attrs);
    }

    function _element(
        OpKind kind,
        uint256 row,
        uint256 col,
        bytes calldata in0,
        bytes calldata in1,
        uint256[] calldata attrs
    ) internal pure override returns (int256) {
        return NormOps.element(kind, row, col, in0, in1, attrs);
    }

    function _revertLengthMismatch() internal pure override {
        revert NormOpsHarness_LengthMismatch();
    }
}
