// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {FixedPoint} from "./FixedPoint.sol";
import {OpKind} from "../../types/DisputeTypes.sol";
import {
    FixedPoint_ColumnOutOfRange,
    LeafEvaluator_UnknownOp,
    AttentionOps_AttributeCount,
    AttentionOps_AttributeOutOfRange,
    AttentionOps_HeadsDoNotDivide,
    AttentionOps_RowWidth,
    AttentionOps_PrefixTooLong
} from "./Errors.sol";

/// @title AttentionOps
/// @notice The chain's copy of core's attention element functions (`SplitHeads`, `MergeHeads`,
///         `BlockMatMul`, `BlockTranspose`, `ScaleBy`, `CausalSoftmax`, `SoftmaxBackward` in
///         `io.tribunal.core.ops`; rules in docs/network-ops.md): one output element from the
///         declared input rows, packed big-endian int32 calldata, bit for bit as Java.
/// @dev Which input row feeds an element is the caller's business (it proves the row index):
///      split_heads (r, c) reads X[(r / (H*T))*T + r mod T]; merge_heads (r, c) reads
///      Y[((r / T)*H + c / dh)*T + r mod T]; block_matmul (r, c) reads A[r] and B[(r / T)*K + c];
///      block_transpose (r, c) reads A[(r / K)*T + c]; the others read row r of each input.
///      Functions here only need the position and the attributes. Total on well-formed inputs;
///      malformed ones (widths the attributes contradict, columns outside the output, attributes
///      out of range) revert with a custom error.
library AttentionOps {
    /// @notice Largest size attribute or scale factor (core keeps them in int32).
    uint256 internal constant MAX_ATTRIBUTE = 2 ** 31 - 1;

    // ----------------------------------------------------------------------------------- ops

    /// @notice split_heads(T, H) element (row, col) = X[b*T + t][h*dh + col], h = (row / T) mod H,
    ///         dh = width / H.
    /// @param row The output row (b*H + h)*T + t.
    /// @param col The output column, below dh.
    /// @param x The declared row of X (H*dh wide).
    /// @param t The context length T.
    /// @param heads The head count H.
    /// @return The element.
    function splitHeads(uint256 row, uint256 col, bytes calldata x, uint256 t, uint256 heads)
        internal
        pure
        returns (int32)
    {
        uint256 width = FixedPoint.cols(x);
        // INVARIANT: X is H heads of dh columns.
        if (width % heads != 0) revert AttentionOps_HeadsDoNotDivide(width, heads);
        uint256 dh = width / heads;
        if (col >= dh) revert FixedPoint_ColumnOutOfRange(col, dh);
        return FixedPoint.elementAt(x, ((row / t) % heads) * dh + col);
    }

    /// @notice merge_heads(T, H, dh) element (row, col) = Y[...][col mod dh], the head being
    ///         col / dh.
    /// @param col The output column, below H*dh.
    /// @param y The declared row of Y (dh wide).
    /// @param heads The head count H.
    /// @param dh The head width.
    /// @return The element.
    function mergeHeads(uint256 col, bytes calldata y, uint256 heads, uint256 dh) internal pure returns (int32) {
        _width(y, dh);
        if (col >= heads * dh) revert FixedPoint_ColumnOutOfRange(col, heads * dh);
        return FixedPoint.elementAt(y, col % dh);
    }

    /// @notice block_matmul(T, K) element (g*T + i, j) = dot(A[g*T + i], B[g*K + j]): exact sum,
    ///         one rounding (`FixedPoint.dot`).
    /// @param col The output column j, below K.
    /// @param a The declared row of A.
    /// @param b The declared row of B (as wide as A's).
    /// @param k The block height K of B (the output width).
    /// @return The element.
    function blockMatMul(uint256 col, bytes calldata a, bytes calldata b, uint256 k) internal pure returns (int32) {
        if (col >= k) revert FixedPoint_ColumnOutOfRange(col, k);
        return FixedPoint.dot(a, b);
    }

    /// @notice block_transpose(T, K) element (g*K + e, t) = A[g*T + t][e], e = row mod K.
    /// @param row The output row g*K + e.
    /// @param col The output column t, below T.
    /// @param a The declared row of A (K wide).
    /// @param t The block height T of A (the output width).
    /// @param k The width K of A.
    /// @return The element.
    function blockTranspose(uint256 row, uint256 col, bytes calldata a, uint256 t, uint256 k)
        internal
        pure
        returns (int32)
    {
        _width(a, k);
        if (col >= t) revert FixedPoint_ColumnOutOfRange(col, t);
        return FixedPoint.elementAt(a, row % k);
    }

    /// @notice scale(q) element (row, col) = mul(X[row][col], q).
    /// @param col The column.
    /// @param x The declared row of X.
    /// @param q The Q16.16 factor, in [0, 2^31).
    /// @return The element.
    function scaleBy(uint256 col, bytes calldata x, uint256 q) internal pure returns (int32) {
        // INVARIANT: core's factor is a non-negative int32.
        if (q > MAX_ATTRIBUTE) revert AttentionOps_AttributeOutOfRange(0, q);
        return FixedPoint.mul(FixedPoint.elementAt(x, col), int32(uint32(q)));
    }

    /// @notice causal_softmax(T) element (row, col): with query i = row mod T, 0 for col > i,
    ///         else the softmax of S[row][0..i] at col (`softmaxPrefixAt`).
    /// @param row The output row.
    /// @param col The output column, below T.
    /// @param s The declared row of scores (T wide).
    /// @param t The context length T.
    /// @return The probability, Q16.16 in [0, ONE].
    function causalSoftmax(uint256 row, uint256 col, bytes calldata s, uint256 t) internal pure returns (int32) {
        _width(s, t);
        if (col >= t) revert FixedPoint_ColumnOutOfRange(col, t);
        uint256 query = row % t;
        if (col > query) return 0;
        return softmaxPrefixAt(s, query + 1, col);
    }

    /// @notice softmax_backward element (row, col) = mul(P[c], sub(dP[c], dot(P, dP))) over row
    ///         `row` of P and of dP.
    /// @param col The column.
    /// @param p The declared row of P.
    /// @param dp The declared row of dP (as wide as P's).
    /// @return The element.
    function softmaxBackward(uint256 col, bytes calldata p, bytes calldata dp) internal pure returns (int32) {
        int32 inner = FixedPoint.dot(p, dp);
        return FixedPoint.mul(FixedPoint.elementAt(p, col), FixedPoint.sub(FixedPoint.elementAt(dp, col), inner));
    }

    // ------------------------------------------------------------------------- prefix softmax

    /// @notice Softmax probability of entry k over the first n entries of a logit row
    ///         (`FixedExp.softmaxPrefixAt`): m = max z[0..n), e_j = exp(z_j - m), S = sum e_j,
    ///         result floor((e_k * 2^16 + floor(S / 2)) / S). n = 0 or k >= n gives 0; entries at
    ///         or past n are not read.
    /// @param logits A packed row of Q16.16 logits.
    /// @param n The prefix length, at most the row's width.
    /// @param k The entry.
    /// @return The probability.
    function softmaxPrefixAt(bytes calldata logits, uint256 n, uint256 k) internal pure returns (int32) {
        uint256 width = FixedPoint.cols(logits);
        // INVARIANT: the prefix lies inside the row.
        if (n > width) revert AttentionOps_PrefixTooLong(n, width);
        int256 m = type(int32).min;
        for (uint256 j; j < n; ++j) {
            int256 z = _load(logits, j);
            if (z > m) m = z;
        }
        int256 sum;
        int256 ek;
        for (uint256 j; j < n; ++j) {
            int256 e = FixedPoint.expNonPositive(_load(logits, j) - m);
            sum += e;
            if (j == k) ek = e;
        }
        if (sum == 0) return 0;
        // Both operands are non-negative and ek <= sum: `/` is the floor division the rule names
        // and the quotient is at most ONE.
        return int32((ek * FixedPoint.ONE + sum / 2) / sum);
    }

    // ----------------------------------------------------------------------------- dispatcher

    /// @notice Element (row, col) of any attention op from its declared input rows.
    /// @param op The op (an attention kind; any other reverts `LeafEvaluator_UnknownOp`).
    /// @param row The output row.
    /// @param col The output column.
    /// @param in0 The declared row of input 0.
    /// @param in1 The declared row of input 1 (ignored by one-input ops).
    /// @param attrs The op's attributes in core's `Op.attributes()` order: split_heads (T, H),
    ///        merge_heads (T, H, dh), block_matmul (T, K), block_transpose (T, K), scale (q),
    ///        causal_softmax (T), softmax_backward ().
    /// @return The output element.
    function element(
        OpKind op,
        uint256 row,
        uint256 col,
        bytes calldata in0,
        bytes calldata in1,
        uint256[] calldata attrs
    ) internal pure returns (int32) {
        if (op == OpKind.SplitHeads) {
            _sizes(op, attrs, 2);
            return splitHeads(row, col, in0, attrs[0], attrs[1]);
        }
        if (op == OpKind.MergeHeads) {
            _sizes(op, attrs, 3);
            return mergeHeads(col, in0, attrs[1], attrs[2]);
        }
        if (op == OpKind.BlockMatMul) {
            _sizes(op, attrs, 2);
            return blockMatMul(col, in0, in1, attrs[1]);
        }
        if (op == OpKind.BlockTranspose) {
            _sizes(op, attrs, 2);
            return blockTranspose(row, col, in0, attrs[0], attrs[1]);
        }
        if (op == OpKind.ScaleBy) {
            _count(op, attrs, 1);
            return scaleBy(col, in0, attrs[0]);
        }
        if (op == OpKind.CausalSoftmax) {
            _sizes(op, attrs, 1);
            return causalSoftmax(row, col, in0, attrs[0]);
        }
        if (op == OpKind.SoftmaxBackward) {
            _count(op, attrs, 0);
            return softmaxBackward(col, in0, in1);
        }
        // Other families (and the MLP ops) have their own evaluators.
        revert LeafEvaluator_UnknownOp(uint256(op));
    }

    // ------------------------------------------------------------------------- internal checks

    /// @dev Exactly `n` attributes, each a size in [1, 2^31).
    function _sizes(OpKind op, uint256[] calldata attrs, uint256 n) private pure {
        _count(op, attrs, n);
        for (uint256 i; i < n; ++i) {
            // INVARIANT: sizes are positive int32s as in core (no division by zero, no overflow).
            if (attrs[i] == 0 || attrs[i] > MAX_ATTRIBUTE) revert AttentionOps_AttributeOutOfRange(i, attrs[i]);
        }
    }

    /// @dev Exactly `n` attributes.
    function _count(OpKind op, uint256[] calldata attrs, uint256 n) private pure {
        // INVARIANT: the attribute list is the op's documented one.
        if (attrs.length != n) revert AttentionOps_AttributeCount(uint256(op), n, attrs.length);
    }

    /// @dev A row of exactly `width` elements.
    function _width(bytes calldata row, uint256 width) private pure {
        uint256 cols = FixedPoint.cols(row);
        // INVARIANT: the attributes fix the input's width.
        if (cols != width) revert AttentionOps_RowWidth(width, cols);
    }

    /// @dev Element j of a row already checked to hold more than j elements.
    function _load(bytes calldata row, uint256 j) private pure returns (int256 v) {
        assembly ("memory-safe") {
            v := signextend(3, shr(224, calldataload(add(row.offset, shl(2, j)))))
        }
    }
}
