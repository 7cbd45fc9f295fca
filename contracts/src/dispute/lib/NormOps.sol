// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {FixedPoint} from "./FixedPoint.sol";
import {OpKind} from "../../types/DisputeTypes.sol";
import {
    FixedPoint_RowLengthMismatch,
    FixedPoint_ColumnOutOfRange,
    LeafEvaluator_NotASingleEntry,
    LeafEvaluator_UnknownOp,
    NormOps_EmptyRow,
    NormOps_EpsOutOfRange,
    NormOps_StatsWidth,
    NormOps_OddPackedWidth,
    NormOps_AttributeCount
} from "./Errors.sol";

/// @title NormOps
/// @notice The chain's copy of core's layer-normalisation and GELU ops (`LayerNormStats`,
///         `LayerNormApply`, `MulColumn`, `LayerNormBackwardStats`, `LayerNormBackward`,
///         `ConcatColumns`, `MulElementwise`, `Gelu`, `GeluBackward` in `io.tribunal.core.ops`) and
///         of their scalar rules (`FixedNorm`, `FixedGelu` in `io.tribunal.core.fixed`), specified in
///         docs/network-ops.md ("Layer normalisation and GELU"). One element is recomputed from at
///         most one declared row of each of two inputs, rows as packed big-endian int32 calldata.
/// @dev Every element of this family reads row r of each input (the caller proves the row index;
///      mul_column's gain is row c of a d x 1 tensor), so the functions take the rows and the
///      column only. Sums and products are exact in int256; each rule rounds once (half up) and
///      saturates to int32. Total on well-formed inputs; custom errors flag malformed ones.
library NormOps {
    /// @notice Largest layer_norm_stats epsilon (an int32 value, Q16.16 units).
    uint256 internal constant MAX_EPS = 2 ** 31 - 1;

    /// @notice GELU's sigmoid argument uses x clamped to [-8.0, 8.0] (`FixedGelu.CLAMP`).
    int256 internal constant GELU_CLAMP = 8 * 65536;

    /// @notice 2 sqrt(2/pi) in Q30 (`FixedGelu.K1_Q30`).
    int256 internal constant K1_Q30 = 1713444047;

    /// @notice 2 sqrt(2/pi) * 0.044715 in Q30 (`FixedGelu.K3_Q30`).
    int256 internal constant K3_Q30 = 76616651;

    // ------------------------------------------------------------------------- normalisation rules

    /// @notice Row mean rounded half up: floor(S / d + 1/2), S the exact sum (`FixedNorm.mean`).
    /// @param v A packed row of at least one element.
    /// @return The mean (between the row's minimum and maximum, so it fits).
    function rowMean(bytes calldata v) internal pure returns (int32) {
        uint256 d = _nonEmpty(v);
        (int256 s,) = _moments(v);
        return int32(_roundDiv(s, int256(d)));
    }

    /// @notice 1 / sqrt(var + eps) in Q16.16 rounded half up, var the exact population variance
    ///         (`FixedNorm.rstd`): N' = d*Q - S^2 + eps*d^2*2^16, rstd = (isqrt(floor(d^2 * 2^66 /
    ///         N')) + 1) >> 1.
    /// @param v A packed row of at least one element.
    /// @param eps The epsilon in Q16.16 units, in [1, 2^31).
    /// @return The reciprocal standard deviation, in [0, 2^24].
    function rowRstd(bytes calldata v, uint256 eps) internal pure returns (int32) {
        // INVARIANT: eps >= 1 keeps N' positive; eps < 2^31 is an int32 value as core requires.
        if (eps == 0 || eps > MAX_EPS) revert NormOps_EpsOutOfRange(eps);
        uint256 d = _nonEmpty(v);
        (int256 s, int256 q) = _moments(v);
        uint256 dd = d * d;
        // d*Q - S^2 = d^2 * (population variance) >= 0; all terms are far below 2^256.
        uint256 n = uint256(int256(d) * q - s * s) + ((dd * eps) << 16);
        return int32(int256((Math.sqrt((dd << 66) / n) + 1) >> 1));
    }

    /// @notice Normalised value saturate(roundShift((x - mean) * rstd, 16)) (`FixedNorm.normalize`).
    /// @param x The input value.
    /// @param mean The row mean.
    /// @param rstd The row's reciprocal standard deviation.
    /// @return The normalised value.
    function normalize(int32 x, int32 mean, int32 rstd) internal pure returns (int32) {
        return FixedPoint.saturate(FixedPoint.roundShift((int256(x) - mean) * rstd, 16));
    }

    /// @notice Mean of element-wise products saturate(floor(P / (d * 2^16) + 1/2)), P = sum a*b
    ///         exact (`FixedNorm.meanOfProducts`).
    /// @param a A packed row of at least one element.
    /// @param b A packed row of the same width.
    /// @return The mean product in Q16.16.
    function meanOfProducts(bytes calldata a, bytes calldata b) internal pure returns (int32) {
        _sameWidth(a, b);
        uint256 d = _nonEmpty(a);
        return FixedPoint.saturate(_roundDiv(_dotExact(a, b), int256(d) << 16));
    }

    /// @notice Layer-norm input gradient saturate(roundShift(rstd * u, 32)) with the exact Q32.32
    ///         u = (g - m1) * 2^16 - xhat * m2 (`FixedNorm.backward`).
    /// @param g The upstream gradient times the gain.
    /// @param xhat The normalised input.
    /// @param m1 The row mean of g.
    /// @param m2 The row mean of g * xhat.
    /// @param rstd The row's reciprocal standard deviation.
    /// @return The input gradient.
    function normBackward(int32 g, int32 xhat, int32 m1, int32 m2, int32 rstd) internal pure returns (int32) {
        int256 u = (int256(g) - m1) * FixedPoint.ONE - int256(xhat) * m2;
        return FixedPoint.saturate(FixedPoint.roundShift(int256(rstd) * u, 32));
    }

    // ----------------------------------------------------------------------------------- GELU rules

    /// @notice GELU's sigmoid argument z = roundShift(c * (K1 + cubic(c)), 30), c = clamp(x, -8, 8),
    ///         cubic(c) = roundShift(K3 * roundShift(c * c, 16), 16) (`FixedGelu.argument`).
    /// @param x A Q16.16 value.
    /// @return The argument in Q16.16.
    function geluArgument(int32 x) internal pure returns (int256) {
        int256 c = _clamp(x);
        return FixedPoint.roundShift(c * (K1_Q30 + _cubicTerm(c)), 30);
    }

    /// @notice sigmoid(z) = 1 / (1 + e^-z) in Q16.16 (`FixedGelu.sigmoid`): with e =
    ///         expNonPositive(-|z|), div(ONE, ONE + e) for z >= 0, div(e, ONE + e) for z < 0.
    /// @param z A Q16.16 value of any size.
    /// @return The sigmoid, in [0, ONE].
    function sigmoid(int256 z) internal pure returns (int32) {
        int256 e = FixedPoint.expNonPositive(z >= 0 ? -z : z);
        int32 den = int32(FixedPoint.ONE + e);
        return z >= 0 ? FixedPoint.div(int32(FixedPoint.ONE), den) : FixedPoint.div(int32(e), den);
    }

    /// @notice gelu(x) = mul(x, sigmoid(geluArgument(x))), the tanh form 0.5 x (1 + tanh(sqrt(2/pi)
    ///         (x + 0.044715 x^3))) (`FixedGelu.gelu`).
    /// @param x A Q16.16 value.
    /// @return The GELU value.
    function gelu(int32 x) internal pure returns (int32) {
        return FixedPoint.mul(x, sigmoid(geluArgument(x)));
    }

    /// @notice Derivative of the approximation (`FixedGelu.derivative`): s = sigmoid(geluArgument(x)),
    ///         s1 = roundShift(s * (ONE - s), 16), t = roundShift(c * s1, 16), result
    ///         s + roundShift(t * (K1 + 3 * cubic(c)), 30), c = clamp(x, -8, 8).
    /// @param x A Q16.16 value.
    /// @return The derivative in Q16.16.
    function geluDerivative(int32 x) internal pure returns (int32) {
        int256 c = _clamp(x);
        int256 s = sigmoid(geluArgument(x));
        int256 s1 = FixedPoint.roundShift(s * (FixedPoint.ONE - s), 16);
        int256 t = FixedPoint.roundShift(c * s1, 16);
        return FixedPoint.saturate(s + FixedPoint.roundShift(t * (K1_Q30 + 3 * _cubicTerm(c)), 30));
    }

    // ---------------------------------------------------------------------------- element functions

    /// @notice `layer_norm_stats(eps)` element (r, c): c = 0 the mean, c = 1 the rstd of X[r].
    /// @param xRow Row r of X.
    /// @param col c, 0 or 1.
    /// @param eps The op's epsilon.
    function layerNormStats(bytes calldata xRow, uint256 col, uint256 eps) internal pure returns (int32) {
        // INVARIANT: the statistics tensor is R x 2.
        if (col >= 2) revert FixedPoint_ColumnOutOfRange(col, 2);
        return col == 0 ? rowMean(xRow) : rowRstd(xRow, eps);
    }

    /// @notice `layer_norm_apply` element (r, c) = normalize(X[r][c], S[r][0], S[r][1]).
    /// @param xRow Row r of X.
    /// @param statsRow Row r of the R x 2 statistics (mean, rstd).
    /// @param col c.
    function layerNormApply(bytes calldata xRow, bytes calldata statsRow, uint256 col) internal pure returns (int32) {
        _statsWidth(statsRow, 2);
        return normalize(FixedPoint.elementAt(xRow, col), _at(statsRow, 0), _at(statsRow, 1));
    }

    /// @notice `mul_column` element (r, c) = mul(X[r][c], gamma[c][0]).
    /// @param xRow Row r of X.
    /// @param gammaRow Row c of the d x 1 gain (one element).
    /// @param col c.
    function mulColumn(bytes calldata xRow, bytes calldata gammaRow, uint256 col) internal pure returns (int32) {
        // INVARIANT: d x 1 tensors have one element per row.
        if (gammaRow.length != 4) revert LeafEvaluator_NotASingleEntry(gammaRow.length);
        return FixedPoint.mul(FixedPoint.elementAt(xRow, col), _at(gammaRow, 0));
    }

    /// @notice `layer_norm_backward_stats` element (r, c): c = 0 the mean of g[r], c = 1 the mean of
    ///         g[r] * xhat[r].
    /// @param gRow Row r of g = dY * gamma.
    /// @param xhatRow Row r of xhat (same width).
    /// @param col c, 0 or 1.
    function layerNormBackwardStats(bytes calldata gRow, bytes calldata xhatRow, uint256 col)
        internal
        pure
        returns (int32)
    {
        // INVARIANT: the statistics tensor is R x 2.
        if (col >= 2) revert FixedPoint_ColumnOutOfRange(col, 2);
        _sameWidth(gRow, xhatRow);
        return col == 0 ? rowMean(gRow) : meanOfProducts(gRow, xhatRow);
    }

    /// @notice `layer_norm_backward` element (r, c) = normBackward(g, xhat, m1, m2, rstd) with
    ///         g = P[r][c], xhat = P[r][d + c] (P = g | xhat, 2d wide) and T[r] = (m1, m2, mean, rstd).
    /// @param pRow Row r of the packed (g | xhat).
    /// @param tRow Row r of the packed statistics (4 entries).
    /// @param col c, below d.
    function layerNormBackward(bytes calldata pRow, bytes calldata tRow, uint256 col) internal pure returns (int32) {
        uint256 n = FixedPoint.cols(pRow);
        // INVARIANT: the packed row holds g and xhat side by side, d entries each.
        if (n % 2 != 0) revert NormOps_OddPackedWidth(n);
        _statsWidth(tRow, 4);
        uint256 d = n / 2;
        if (col >= d) revert FixedPoint_ColumnOutOfRange(col, d);
        return normBackward(_at(pRow, col), _at(pRow, d + col), _at(tRow, 0), _at(tRow, 1), _at(tRow, 3));
    }

    /// @notice `concat_columns` element (r, c) = A[r][c] for c < p, else B[r][c - p] (p = A's width).
    /// @param aRow Row r of A.
    /// @param bRow Row r of B.
    /// @param col c, below p + q.
    function concatColumns(bytes calldata aRow, bytes calldata bRow, uint256 col) internal pure returns (int32) {
        uint256 p = FixedPoint.cols(aRow);
        uint256 q = FixedPoint.cols(bRow);
        // INVARIANT: the element exists in the R x (p + q) output.
        if (col >= p + q) revert FixedPoint_ColumnOutOfRange(col, p + q);
        return col < p ? _at(aRow, col) : _at(bRow, col - p);
    }

    /// @notice `mul_elementwise` element (r, c) = mul(A[r][c], B[r][c]).
    /// @param aRow Row r of A.
    /// @param bRow Row r of B (same width).
    /// @param col c.
    function mulElementwise(bytes calldata aRow, bytes calldata bRow, uint256 col) internal pure returns (int32) {
        _sameWidth(aRow, bRow);
        return FixedPoint.mul(FixedPoint.elementAt(aRow, col), FixedPoint.elementAt(bRow, col));
    }

    /// @notice `gelu_backward` element (r, c) = mul(dY[r][c], geluDerivative(X[r][c])).
    /// @param dyRow Row r of dY.
    /// @param xRow Row r of X (same width).
    /// @param col c.
    function geluBackward(bytes calldata dyRow, bytes calldata xRow, uint256 col) internal pure returns (int32) {
        _sameWidth(dyRow, xRow);
        return FixedPoint.mul(FixedPoint.elementAt(dyRow, col), geluDerivative(FixedPoint.elementAt(xRow, col)));
    }

    /// @notice Number of attributes of a family op (`Op.attributes()`): 1 for layer_norm_stats
    ///         (eps), 0 for the others; reverts `LeafEvaluator_UnknownOp` for other kinds.
    /// @param op The op.
    /// @return The attribute count.
    function attributeCount(OpKind op) internal pure returns (uint256) {
        if (op == OpKind.LayerNormStats) return 1;
        if (
            op == OpKind.LayerNormApply || op == OpKind.MulColumn || op == OpKind.LayerNormBackwardStats
                || op == OpKind.LayerNormBackward || op == OpKind.ConcatColumns || op == OpKind.MulElementwise
                || op == OpKind.Gelu || op == OpKind.GeluBackward
        ) return 0;
        // Other families have their own evaluators.
        revert LeafEvaluator_UnknownOp(uint256(op));
    }

    /// @notice Element (r, col) of a family op from its declared rows; r itself is not needed (every
    ///         declared row is row r of its input, or row col of mul_column's gain).
    /// @param op The op.
    /// @param col The output column.
    /// @param in0 The declared row of input 0.
    /// @param in1 The declared row of input 1 (empty for one-input ops).
    /// @param attrs The op's attributes in `Op.attributes()` order.
    /// @return The output element.
    function element(OpKind op, uint256, uint256 col, bytes calldata in0, bytes calldata in1, uint256[] calldata attrs)
        internal
        pure
        returns (int32)
    {
        uint256 k = attributeCount(op);
        // INVARIANT: the descriptor carries exactly the op's constants.
        if (attrs.length != k) revert NormOps_AttributeCount(k, attrs.length);
        if (op == OpKind.LayerNormStats) return layerNormStats(in0, col, attrs[0]);
        if (op == OpKind.LayerNormApply) return layerNormApply(in0, in1, col);
        if (op == OpKind.MulColumn) return mulColumn(in0, in1, col);
        if (op == OpKind.LayerNormBackwardStats) return layerNormBackwardStats(in0, in1, col);
        if (op == OpKind.LayerNormBackward) return layerNormBackward(in0, in1, col);
        if (op == OpKind.ConcatColumns) return concatColumns(in0, in1, col);
        if (op == OpKind.MulElementwise) return mulElementwise(in0, in1, col);
        if (op == OpKind.Gelu) return gelu(FixedPoint.elementAt(in0, col));
        return geluBackward(in0, in1, col);
    }

    // -------------------------------------------------------------------------------------- helpers

    /// @dev floor(n / d + 1/2) for d > 0.
    function _roundDiv(int256 n, int256 d) private pure returns (int256) {
        return FixedPoint.floorDiv(2 * n + d, 2 * d);
    }

    /// @dev clamp(x, -8.0, 8.0).
    function _clamp(int32 x) private pure returns (int256) {
        int256 c = x;
        if (c > GELU_CLAMP) return GELU_CLAMP;
        if (c < -GELU_CLAMP) return -GELU_CLAMP;
        return c;
    }

    /// @dev roundShift(K3 * roundShift(c * c, 16), 16): the Q30 value of K3 c^2.
    function _cubicTerm(int256 c) private pure returns (int256) {
        return FixedPoint.roundShift(K3_Q30 * FixedPoint.roundShift(c * c, 16), 16);
    }

    /// @dev Element count of a row that must not be empty.
    function _nonEmpty(bytes calldata v) private pure returns (uint256 d) {
        d = FixedPoint.cols(v);
        // INVARIANT: a mean over no elements is undefined (core rejects zero-width rows).
        if (d == 0) revert NormOps_EmptyRow();
    }

    /// @dev A packed statistics row holds exactly `n` entries.
    function _statsWidth(bytes calldata row, uint256 n) private pure {
        uint256 got = FixedPoint.cols(row);
        // INVARIANT: statistics tensors are R x 2 (mean, rstd) or R x 4 (m1, m2, mean, rstd).
        if (got != n) revert NormOps_StatsWidth(n, got);
    }

    /// @dev Same-shape inputs reveal rows of the same width.
    function _sameWidth(bytes calldata a, bytes calldata b) private pure {
        // INVARIANT: both inputs have one shape.
        if (a.length != b.length) revert FixedPoint_RowLengthMismatch(a.length, b.length);
    }

    /// @dev Element j of a row already checked to hold more than j elements.
    function _at(bytes calldata row, uint256 j) private pure returns (int32 v) {
        assembly ("memory-safe") {
            v := signextend(3, shr(224, calldataload(add(row.offset, shl(2, j)))))
        }
    }

    /// @dev Exact sum and sum of squares of a packed row (whole 4-byte elements, checked by callers).
    function _moments(bytes calldata v) private pure returns (int256 s, int256 q) {
        assembly ("memory-safe") {
            let p := v.offset
            for { let wordsEnd := add(p, and(v.length, not(31))) } lt(p, wordsEnd) { p := add(p, 32) } {
                let w := calldataload(p)
                let x := signextend(3, shr(224, w))
                s := add(s, x)
                q := add(q, mul(x, x))
                x := signextend(3, shr(192, w))
                s := add(s, x)
                q := add(q, mul(x, x))
                x := signextend(3, shr(160, w))
                s := add(s, x)
                q := add(q, mul(x, x))
                x := signextend(3, shr(128, w))
                s := add(s, x)
                q := add(q, mul(x, x))
                x := signextend(3, shr(96, w))
                s := add(s, x)
                q := add(q, mul(x, x))
                x := signextend(3, shr(64, w))
                s := add(s, x)
                q := add(q, mul(x, x))
                x := signextend(3, shr(32, w))
                s := add(s, x)
                q := add(q, mul(x, x))
                x := signextend(3, w)
                s := add(s, x)
                q := add(q, mul(x, x))
            }
            // Tail (< 8 elements): shr(224) keeps only the 4 bytes inside the row.
            for { let end := add(v.offset, v.length) } lt(p, end) { p := add(p, 4) } {
                let x := signextend(3, shr(224, calldataload(p)))
                s := add(s, x)
                q := add(q, mul(x, x))
            }
        }
    }

    /// @dev Exact sum_k a[k] * b[k] of two packed rows of one width (no rounding).
    function _dotExact(bytes calldata a, bytes calldata b) private pure returns (int256 acc) {
        assembly ("memory-safe") {
            let pa := a.offset
            let pb := b.offset
            for { let wordsEnd := add(pa, and(a.length, not(31))) } lt(pa, wordsEnd) {
                pa := add(pa, 32)
                pb := add(pb, 32)
            } {
                let wa := calldataload(pa)
                let wb := calldataload(pb)
                acc := add(acc, mul(signextend(3, shr(224, wa)), signextend(3, shr(224, wb))))
                acc := add(acc, mul(signextend(3, shr(192, wa)), signextend(3, shr(192, wb))))
                acc := add(acc, mul(signextend(3, shr(160, wa)), signextend(3, shr(160, wb))))
                acc := add(acc, mul(signextend(3, shr(128, wa)), signextend(3, shr(128, wb))))
                acc := add(acc, mul(signextend(3, shr(96, wa)), signextend(3, shr(96, wb))))
                acc := add(acc, mul(signextend(3, shr(64, wa)), signextend(3, shr(64, wb))))
                acc := add(acc, mul(signextend(3, shr(32, wa)), signextend(3, shr(32, wb))))
                acc := add(acc, mul(signextend(3, wa), signextend(3, wb)))
            }
            for { let end := add(a.offset, a.length) } lt(pa, end) {
                pa := add(pa, 4)
                pb := add(pb, 4)
            } {
                acc := add(
                    acc,
                    mul(signextend(3, shr(224, calldataload(pa))), signextend(3, shr(224, calldataload(pb))))
                )
            }
        }
    }
}
