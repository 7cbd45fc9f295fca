// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {OptimizerOps} from "../src/dispute/lib/OptimizerOps.sol";
import {OpKind} from "../src/types/DisputeTypes.sol";
import {ElementBatchHarness} from "./ElementBatchHarness.sol";

/// @title OptimizerOpsHarness
/// @notice Stateless test surface of `OptimizerOps` (embedding, residual add and AdamW ops): the
///         element dispatcher one case at a time and in batches, plus the scalar rules, so the
///         forge vector tests and the Java differential test (web3j wrapper, `eth_call`) run the
///         exact library code. Holds no funds and no state; not part of a deployment.
contract OptimizerOpsHarness is ElementBatchHarness {
    /// @notice Reverted when the parallel arrays of a batch call have different lengths.
    error OptimizerOpsHarness_LengthMismatch();

    /// @notice `OptimizerOps.element` for op index `op` (see `OpKind`).
    function element(
        uint8 op,
        uint256 row,
        uint256 col,
        bytes calldata in0,
        bytes calldata in1,
        uint256[] calldata attrs
    ) external pure returns (int256) {
        return OptimizerOps.element(_op(op), row, col, in0, in1, attrs);
    }

    function _element(
        OpKind kind,
        uint256 row,
        uint256 col,
        bytes calldata in0,
        bytes calldata in1,
        uint256[] calldata attrs
    ) internal pure override returns (int256) {
        return OptimizerOps.element(kind, row, col, in0, in1, attrs);
    }

    function _revertLengthMismatch() internal pure override {
        revert OptimizerOpsHarness_LengthMismatch();
    }

    /// @notice `OptimizerOps.moment1`.
    function moment1(int32 m, int32 g, uint256 beta1) external pure returns (int32) {
        return OptimizerOps.moment1(m, g, beta1);
    }

    /// @notice `OptimizerOps.moment2`.
    function moment2(int32 v, int32 g, uint256 beta2) external pure returns (int32) {
        return OptimizerOps.moment2(v, g, beta2);
    }

    /// @notice `OptimizerOps.betaPower`.
    function betaPower(uint256 beta, uint256 k) external pure returns (uint256) {
        return OptimizerOps.betaPower(beta, k);
    }

    /// @notice `OptimizerOps.warmupRate`.
    function warmupRate(uint256 lr, uint256 warmup, uint256 step) external pure returns (int256) {
        return OptimizerOps.warmupRate(lr, warmup, step);
    }
}
