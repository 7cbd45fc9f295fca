// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {FixedPoint} from "../src/dispute/lib/FixedPoint.sol";
import {LeafEvaluator} from "../src/dispute/lib/LeafEvaluator.sol";
import {RowCommitment} from "../src/dispute/lib/RowCommitment.sol";
import {OpKind} from "../src/types/DisputeTypes.sol";
import {LeafEvaluator_UnknownOp} from "../src/dispute/lib/Errors.sol";

/// @title LeafEvaluatorHarness
/// @notice Stateless test surface of the dispute libraries: every `FixedPoint`, `LeafEvaluator`
///         and `RowCommitment` function as an external pure function, plus batch forms, so the
///         forge mirror tests and the Java differential test (web3j wrapper, `eth_call`) run the
///         exact library code the game uses. Holds no funds and no state; not part of a deployment.
contract LeafEvaluatorHarness {
    /// @notice Reverted when the parallel arrays of a batch call have different lengths.
    error LeafEvaluatorHarness_LengthMismatch();

    // ------------------------------------------------------------------------------ fixed point

    /// @notice `FixedPoint.saturate`.
    function saturate(int256 x) external pure returns (int32) {
        return FixedPoint.saturate(x);
    }

    /// @notice `FixedPoint.roundShift`.
    function roundShift(int256 x, uint256 s) external pure returns (int256) {
        return FixedPoint.roundShift(x, s);
    }

    /// @notice `FixedPoint.add`.
    function add(int32 a, int32 b) external pure returns (int32) {
        return FixedPoint.add(a, b);
    }

    /// @notice `FixedPoint.sub`.
    function sub(int32 a, int32 b) external pure returns (int32) {
        return FixedPoint.sub(a, b);
    }

    /// @notice `FixedPoint.mul`.
    function mul(int32 a, int32 b) external pure returns (int32) {
        return FixedPoint.mul(a, b);
    }

    /// @notice `FixedPoint.relu`.
    function relu(int32 x) external pure returns (int32) {
        return FixedPoint.relu(x);
    }

    /// @notice `FixedPoint.sgd`.
    function sgd(int32 w, int32 g, uint256 eta) external pure returns (int32) {
        return FixedPoint.sgd(w, g, eta);
    }

    /// @notice `FixedPoint.sqrt`.
    function sqrt(int32 x) external pure returns (int32) {
        return FixedPoint.sqrt(x);
    }

    /// @notice `FixedPoint.div`.
    function div(int32 a, int32 b) external pure returns (int32) {
        return FixedPoint.div(a, b);
    }

    /// @notice `FixedPoint.dot` of two packed rows.
    function dot(bytes calldata a, bytes calldata b) external pure returns (int32) {
        return FixedPoint.dot(a, b);
    }

    /// @notice `FixedPoint.sum` of a packed row.
    function sum(bytes calldata v) external pure returns (int32) {
        return FixedPoint.sum(v);
    }

    /// @notice `FixedPoint.expNonPositive`.
    function expNonPositive(int256 x) external pure returns (int256) {
        return FixedPoint.expNonPositive(x);
    }

    /// @notice `FixedPoint.softmaxAt` of a packed logit row.
    function softmaxAt(bytes calldata logits, uint256 k) external pure returns (int32) {
        return FixedPoint.softmaxAt(logits, k);
    }

    // -------------------------------------------------------------------------------------- ops

    /// @notice `LeafEvaluator.matMul`: the widest element check (a dot product of two rows).
    function opMatMul(bytes calldata aRow, bytes calldata bRow) external pure returns (int32) {
        return LeafEvaluator.matMul(aRow, bRow);
    }

    /// @notice `LeafEvaluator.element` for op index `op` (see `OpKind`).
    function element(uint8 op, uint256 row, uint256 col, bytes calldata in0, bytes calldata in1, uint256 eta)
        external
        pure
        returns (int32)
    {
        return LeafEvaluator.element(_op(op), row, col, in0, in1, eta);
    }

    /// @notice `LeafEvaluator.element` over many cases of one op in one call (parallel arrays).
    function elementBatch(
        uint8 op,
        uint256[] calldata rows,
        uint256[] calldata cols,
        bytes[] calldata in0,
        bytes[] calldata in1,
        uint256 eta
    ) external pure returns (int32[] memory out) {
        uint256 n = rows.length;
        if (cols.length != n || in0.length != n || in1.length != n) revert LeafEvaluatorHarness_LengthMismatch();
        OpKind kind = _op(op);
        out = new int32[](n);
        for (uint256 i; i < n; ++i) {
            out[i] = LeafEvaluator.element(kind, rows[i], cols[i], in0[i], in1[i], eta);
        }
    }

    // -------------------------------------------------------------------------------- generator

    /// @notice `LeafEvaluator.word`.
    function word(uint64 seed, uint256 tag, uint64 a, uint64 counter) external pure returns (bytes32) {
        return LeafEvaluator.word(seed, tag, a, counter);
    }

    /// @notice `LeafEvaluator.initAmplitude`.
    function initAmplitude(uint256 fanIn) external pure returns (uint256) {
        return LeafEvaluator.initAmplitude(fanIn);
    }

    /// @notice `LeafEvaluator.initialParameter`.
    function initialParameter(uint64 seed, uint64 paramIndex, uint32 row, uint32 col, uint32 cols)
        external
        pure
        returns (int32)
    {
        return LeafEvaluator.initialParameter(seed, paramIndex, row, col, cols);
    }

    /// @notice `LeafEvaluator.initialParameter` for many elements of one parameter.
    function initialParameterBatch(
        uint64 seed,
        uint64 paramIndex,
        uint32[] calldata rows,
        uint32[] calldata cols,
        uint32 colCount
    ) external pure returns (int32[] memory out) {
        if (cols.length != rows.length) revert LeafEvaluatorHarness_LengthMismatch();
        out = new int32[](rows.length);
        for (uint256 i; i < rows.length; ++i) {
            out[i] = LeafEvaluator.initialParameter(seed, paramIndex, rows[i], cols[i], colCount);
        }
    }

    /// @notice `LeafEvaluator.batchIndex`.
    function batchIndex(uint64 seed, uint64 step, uint64 b, uint256 n) external pure returns (uint256) {
        return LeafEvaluator.batchIndex(seed, step, b, n);
    }

    /// @notice `LeafEvaluator.batchIndex` for batch positions 0..count-1 of one step.
    function batchIndices(uint64 seed, uint64 step, uint64 count, uint256 n)
        external
        pure
        returns (uint256[] memory out)
    {
        out = new uint256[](count);
        for (uint64 b; b < count; ++b) {
            out[b] = LeafEvaluator.batchIndex(seed, step, b, n);
        }
    }

    // ------------------------------------------------------------------------------ commitments

    /// @notice `RowCommitment.rowLeaf`.
    function rowLeaf(uint32 index, bytes calldata row) external pure returns (bytes32) {
        return RowCommitment.rowLeaf(index, row);
    }

    /// @notice `RowCommitment.node`.
    function node(bytes32 left, bytes32 right) external pure returns (bytes32) {
        return RowCommitment.node(left, right);
    }

    /// @notice `RowCommitment.tensorRoot`.
    function tensorRoot(uint32 rows, uint32 cols, bytes32 treeRoot) external pure returns (bytes32) {
        return RowCommitment.tensorRoot(rows, cols, treeRoot);
    }

    /// @notice `RowCommitment.verifyRow`.
    function verifyRow(
        bytes32 root,
        uint32 rows,
        uint32 cols,
        uint256 index,
        bytes calldata row,
        bytes32[] calldata siblings
    ) external pure returns (bool) {
        return RowCommitment.verifyRow(root, rows, cols, index, row, siblings);
    }

    // ---------------------------------------------------------------------------------- helpers

    function _op(uint8 op) private pure returns (OpKind) {
        // INVARIANT: only the ops of OpKind exist.
        if (op > uint8(type(OpKind).max)) revert LeafEvaluator_UnknownOp(op);
        return OpKind(op);
    }
}
