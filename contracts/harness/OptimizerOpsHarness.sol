// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {OptimizerOps} from "../src/dispute/lib/OptimizerOps.sol";
import {OpKind} from "../src/types/DisputeTypes.sol";
import {LeafEvaluator_UnknownOp} from "../src/dispute/lib/Errors.sol";

/// @title OptimizerOpsHarness
/// @notice Stateless test surface of `OptimizerOps` (embedding, residual add and AdamW ops): the
///         element dispatcher one case at a time and in batches, plus the scalar rules, so the
///         forge vector tests and the Java differential test (web3j wrapper, `eth_call`) run the
///         exact library code. Holds no funds and no state; not part of a deployment.
contract OptimizerOpsHarness {
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

    /// @notice `OptimizerOps.element` over many cases of one op (parallel arrays, shared attributes).
    function elementBatch(
        uint8 op,
        uint256[] calldata rows,
        uint256[] calldata cols,
        bytes[] calldata in0,
        bytes[] calldata in1,
        uint256[] calldata attrs
    ) external pure returns (int256[] memory out) {
        uint256 n = rows.length;
        if (cols.length != n || in0.length != n || in1.length != n) revert OptimizerOpsHarness_LengthMismatch();
        OpKind kind = _op(op);
        out = new int256[](n);
        for (uint256 i; i < n; ++i) {
            out[i] = OptimizerOps.element(kind, rows[i], cols[i], in0[i], in1[i], attrs);
        }
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

    function _op(uint8 op) private pure returns (OpKind) {
        // INVARIANT: only the ops of OpKind exist.
        if (op > uint8(type(OpKind).max)) revert LeafEvaluator_UnknownOp(op);
        return OpKind(op);
    }
}
