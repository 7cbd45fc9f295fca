// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {FixedPoint} from "./FixedPoint.sol";
import {OpKind} from "../../types/DisputeTypes.sol";
import {
    FixedPoint_RowLengthMismatch,
    FixedPoint_ColumnOutOfRange,
    LeafEvaluator_NotASingleEntry,
    LeafEvaluator_ZeroFanIn,
    LeafEvaluator_EmptyDataset,
    LeafEvaluator_UnknownOp
} from "./Errors.sol";

/// @title LeafEvaluator
/// @notice The chain's copy of core's element functions (`Op.element` of every op in
///         `io.tribunal.core.ops`) and of the keccak generator (`KeccakRng`, `Initializer`,
///         `BatchSampler`): at the leaf of a dispute the game recomputes ONE output element from
///         the input rows the op declares (`Op.dependencies`), each row revealed as packed
///         big-endian int32 calldata and proven against its tensor root (see `RowCommitment`).
/// @dev Which input row feeds an element is the caller's business (it proves the row index): e.g.
///      matmul element (r, c) takes row r of A and row c of B; transpose element (r, c) takes row c
///      of A; gather_rows element (r, c) takes source row indices[r]. Functions here only need
///      the rows and the position inside them. Total on well-formed inputs (whole rows of the
///      shapes the op requires, positions inside them, eta in [0, 2^31)).
library LeafEvaluator {
    /// @notice Generator tag of initial-weight words (`KeccakRng.TAG_INIT`).
    uint256 internal constant TAG_INIT = 1;

    /// @notice Generator tag of batch-index words (`KeccakRng.TAG_BATCH`).
    uint256 internal constant TAG_BATCH = 2;

    // ------------------------------------------------------------------------- element functions

    /// @notice `matmul` element (r, c) = dot(A[r], B[c]) (C = A x B^T, row by row).
    /// @param aRow Row r of A.
    /// @param bRow Row c of B (same width).
    function matMul(bytes calldata aRow, bytes calldata bRow) internal pure returns (int32) {
        return FixedPoint.dot(aRow, bRow);
    }

    /// @notice `transpose` element (r, c) = A[c][r].
    /// @param aRow Row c of A.
    /// @param row The output row r (an index into `aRow`).
    function transpose(bytes calldata aRow, uint256 row) internal pure returns (int32) {
        return FixedPoint.elementAt(aRow, row);
    }

    /// @notice `add_bias` element (r, c) = add(Z[r][c], bias[c][0]).
    /// @param zRow Row r of Z.
    /// @param biasRow Row c of the d x 1 bias (one element).
    /// @param col c.
    function addBias(bytes calldata zRow, bytes calldata biasRow, uint256 col) internal pure returns (int32) {
        return FixedPoint.add(FixedPoint.elementAt(zRow, col), _single(biasRow));
    }

    /// @notice `relu` element (r, c) = max(Z[r][c], 0).
    /// @param zRow Row r of Z.
    /// @param col c.
    function relu(bytes calldata zRow, uint256 col) internal pure returns (int32) {
        return FixedPoint.relu(FixedPoint.elementAt(zRow, col));
    }

    /// @notice `relu_backward` element (r, c) = Z[r][c] > 0 ? dA[r][c] : 0.
    /// @param dARow Row r of the upstream gradient.
    /// @param zRow Row r of Z (same width).
    /// @param col c.
    function reluBackward(bytes calldata dARow, bytes calldata zRow, uint256 col) internal pure returns (int32) {
        _sameWidth(dARow, zRow);
        return FixedPoint.elementAt(zRow, col) > 0 ? FixedPoint.elementAt(dARow, col) : int32(0);
    }

    /// @notice `softmax_xent_grad` element (r, c) = softmax(Z[r])[c] - (y[r][0] == c ? ONE : 0);
    ///         a label outside [0, C) matches no class.
    /// @param zRow Row r of the logits (C entries).
    /// @param yRow Row r of the B x 1 labels (a
    ///        plain integer).
    /// @param col c, below C.
    function softmaxXentGrad(bytes calldata zRow, bytes calldata yRow, uint256 col) internal pure returns (int32) {
        uint256 n = FixedPoint.cols(zRow);
        // INVARIANT: the element exists (an output row has C entries).
        if (col >= n) revert FixedPoint_ColumnOutOfRange(col, n);
        int32 label = _single(yRow);
        int256 p = FixedPoint.softmaxAt(zRow, col);
        if (label >= 0 && uint256(int256(label)) == col) p -= FixedPoint.ONE;
        return int32(p);
    }

    /// @notice `row_sum` element (r, 0) = saturate(sum_j A[r][j]).
    /// @param aRow Row r of A.
    function rowSum(bytes calldata aRow) internal pure returns (int32) {
        return FixedPoint.sum(aRow);
    }

    /// @notice `sgd_update(eta)` element (r, c) = saturate(W[r][c] - roundShift(G[r][c] * eta, 24)).
    /// @param wRow Row r of W.
    /// @param gRow Row r of G (same width).
    /// @param col c.
    /// @param eta The op's step size in Q8.24, in [0, 2^31).
    function sgdUpdate(bytes calldata wRow, bytes calldata gRow, uint256 col, uint256 eta)
        internal
        pure
        returns (int32)
    {
        _sameWidth(wRow, gRow);
        return FixedPoint.sgd(FixedPoint.elementAt(wRow, col), FixedPoint.elementAt(gRow, col), eta);
    }

    /// @notice `gather_rows(idx)` element (r, c) = S[idx[r]][c].
    /// @param sRow Source row idx[r] (on chain: a dataset sample's features).
    /// @param col c.
    function gatherRows(bytes calldata sRow, uint256 col) internal pure returns (int32) {
        return FixedPoint.elementAt(sRow, col);
    }

    /// @notice Element (row, col) of any op from its declared input rows.
    /// @param op The op.
    /// @param row The output row.
    /// @param col The output column.
    /// @param in0 The declared row of input 0.
    /// @param in1 The declared row of input 1 (empty for
    ///        one-input ops).
    /// @param eta The step size (sgd_update only; ignored otherwise).
    /// @return The output element.
    function element(OpKind op, uint256 row, uint256 col, bytes calldata in0, bytes calldata in1, uint256 eta)
        internal
        pure
        returns (int32)
    {
        if (op == OpKind.MatMul) return matMul(in0, in1);
        if (op == OpKind.Transpose) return transpose(in0, row);
        if (op == OpKind.AddBias) return addBias(in0, in1, col);
        if (op == OpKind.Relu) return relu(in0, col);
        if (op == OpKind.ReluBackward) return reluBackward(in0, in1, col);
        if (op == OpKind.SoftmaxXentGrad) return softmaxXentGrad(in0, in1, col);
        if (op == OpKind.RowSum) return rowSum(in0);
        if (op == OpKind.SgdUpdate) return sgdUpdate(in0, in1, col, eta);
        if (op == OpKind.GatherRows) return gatherRows(in0, col);
        // The network ops have their own evaluators; an MLP program never names them.
        revert LeafEvaluator_UnknownOp(uint256(op));
    }

    // --------------------------------------------------------------------------------- generator

    /// @notice The protocol's randomness word keccak256(abi.encode(seed, tag, a, counter)).
    /// @param seed The job seed.
    /// @param tag TAG_INIT or TAG_BATCH.
    /// @param a The parameter index (init) or the step (batch).
    /// @param counter The word counter.
    function word(uint64 seed, uint256 tag, uint64 a, uint64 counter) internal pure returns (bytes32 w) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            // abi.encode(uint256(seed), tag, uint256(a), uint256(counter)); narrow types are cleaned.
            mstore(m, and(seed, 0xffffffffffffffff))
            mstore(add(m, 0x20), tag)
            mstore(add(m, 0x40), and(a, 0xffffffffffffffff))
            mstore(add(m, 0x60), and(counter, 0xffffffffffffffff))
            w := keccak256(m, 0x80)
        }
    }

    /// @notice He-uniform amplitude isqrt(floor(6 * 2^32 / fanIn)) (Q16.16 of sqrt(6 / fanIn)).
    /// @param fanIn The layer's input width (at least 1).
    function initAmplitude(uint256 fanIn) internal pure returns (uint256) {
        // INVARIANT: a weight matrix has at least one column.
        if (fanIn == 0) revert LeafEvaluator_ZeroFanIn();
        return Math.sqrt((uint256(6) << 32) / fanIn);
    }

    /// @notice Initial weight element e (row-major) of weight parameter `paramIndex`: lane e mod 8
    ///         of word(seed, TAG_INIT, paramIndex, e / 8) as uint32 u, c = (u >> 16) - 32768,
    ///         w = roundShift(c * amplitude(fanIn), 15).
    /// @param seed The job seed.
    /// @param paramIndex The parameter's position in state order.
    /// @param e The element index row * cols + col.
    /// @param fanIn The weight's column count.
    function initWeight(uint64 seed, uint64 paramIndex, uint64 e, uint256 fanIn) internal pure returns (int32) {
        uint256 amp = initAmplitude(fanIn);
        uint256 w = uint256(word(seed, TAG_INIT, paramIndex, e >> 3));
        uint256 u = uint32(w >> (224 - 32 * (e & 7)));
        int256 c = int256(u >> 16) - 32768;
        // |c * amp| <= 2^15 * 160529, so the result lies in [-amp, amp) and fits int32.
        return int32(FixedPoint.roundShift(c * int256(amp), 15));
    }

    /// @notice Element (row, col) of initial parameter `paramIndex` of an MLP (state order W1, b1,
    ///         W2, b2, ...): weights (even indices) from `initWeight` with fanIn = cols, biases
    ///         (odd indices) zero.
    /// @param seed The job seed.
    /// @param paramIndex The parameter's position in state order.
    /// @param row The element's row.
    /// @param col The element's column.
    /// @param cols The
    ///        parameter's column count (its fan-in for a weight; 1 for a bias).
    function initialParameter(uint64 seed, uint64 paramIndex, uint32 row, uint32 col, uint32 cols)
        internal
        pure
        returns (int32)
    {
        // INVARIANT: the element exists.
        if (col >= cols) revert FixedPoint_ColumnOutOfRange(col, cols);
        if (paramIndex % 2 == 1) return 0;
        return initWeight(seed, paramIndex, uint64(row) * cols + col, cols);
    }

    /// @notice Training-set index of batch position b at step t: uint256(word(seed, TAG_BATCH,
    ///         step, b)) mod n (sampling with replacement).
    /// @param seed The job seed.
    /// @param step The step t.
    /// @param b The batch position.
    /// @param n The training-set size (at least 1).
    function batchIndex(uint64 seed, uint64 step, uint64 b, uint256 n) internal pure returns (uint256) {
        // INVARIANT: there is a sample to draw.
        if (n == 0) revert LeafEvaluator_EmptyDataset();
        return uint256(word(seed, TAG_BATCH, step, b)) % n;
    }

    // ----------------------------------------------------------------------------------- helpers

    /// @dev The one element of a d x 1 tensor's row (bias, label).
    function _single(bytes calldata row) private pure returns (int32) {
        // INVARIANT: d x 1 tensors have one element per row.
        if (row.length != 4) revert LeafEvaluator_NotASingleEntry(row.length);
        return FixedPoint.elementAt(row, 0);
    }

    /// @dev Same-shape inputs reveal rows of the same width.
    function _sameWidth(bytes calldata a, bytes calldata b) private pure {
        // INVARIANT: relu_backward and sgd_update take two tensors of one shape.
        if (a.length != b.length) revert FixedPoint_RowLengthMismatch(a.length, b.length);
    }
}
