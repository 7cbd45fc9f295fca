// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {FixedPoint} from "./FixedPoint.sol";
import {OpKind} from "../../types/DisputeTypes.sol";
import {
    FixedPoint_RowLengthMismatch,
    FixedPoint_ColumnOutOfRange,
    LeafEvaluator_UnknownOp,
    OptimizerOps_AttributeCount,
    OptimizerOps_AttributeOutOfRange,
    OptimizerOps_NotASingleEntry,
    OptimizerOps_WidthNotMultiple
} from "./Errors.sol";

/// @title OptimizerOps
/// @notice The chain's copy of core's embedding, residual add and AdamW element functions
///         (`OneHot`, `AddPositions`, `PositionGrad`, `Add`, `AdamMoment1`, `AdamMoment2`,
///         `ConcatColumns`, `AdamWUpdate` in `io.tribunal.core.ops`, and `FixedAdam`), bit for bit;
///         specified in docs/network-ops.md ("Embeddings, residual add and AdamW").
/// @dev Rows are packed big-endian int32 calldata (see `FixedPoint`). Which input row feeds an
///      element is the caller's business (it proves the row index): one_hot, add, adam_m, adam_v,
///      concat_columns and adamw_update read row r of their inputs; add_positions reads row r of X
///      and row r mod T of P; position_grad (c, t) reads row c of dY^T. Attributes come in each
///      op's documented order. Total on well-formed inputs (whole rows of the widths the op needs,
///      positions inside them, attributes in range); custom errors flag malformed ones.
library OptimizerOps {
    /// @notice Fractional bits of beta powers and bias corrections (Q30).
    uint256 internal constant POW_BITS = 30;

    /// @notice 1.0 in Q30.
    uint256 internal constant POW_ONE = 1 << 30;

    /// @notice 1.0 in Q16.16: the largest beta of the moment rules and the largest weight decay.
    uint256 internal constant BETA_ONE = 65536;

    /// @notice Largest lr and eps (Q8.24).
    uint256 internal constant MAX_LR = 2 ** 31 - 1;

    /// @notice Largest warm-up length in steps.
    uint256 internal constant MAX_WARMUP = 2 ** 30;

    /// @notice Largest step index t.
    uint256 internal constant MAX_STEP = 2 ** 32 - 1;

    /// @notice Largest vocabulary V and sequence length T.
    uint256 internal constant MAX_SIZE = 2 ** 31 - 1;

    // ----------------------------------------------------------------------------- scalar rules

    /// @notice Adam's first moment: saturate(roundShift(beta1 * m + (2^16 - beta1) * g, 16)).
    /// @param m The previous moment (Q16.16).
    /// @param g The gradient (Q16.16).
    /// @param beta1 Q16.16 in [0, 2^16].
    /// @return The new moment (Q16.16).
    function moment1(int32 m, int32 g, uint256 beta1) internal pure returns (int32) {
        int256 b = int256(beta1);
        return FixedPoint.saturate(FixedPoint.roundShift(b * m + (int256(BETA_ONE) - b) * g, 16));
    }

    /// @notice Adam's second moment in Q0.32: saturate(roundShift(beta2 * v + (2^16 - beta2) * g^2,
    ///         16)), g^2 the exact Q32.32 square of the gradient (int256 holds the 2^78 product).
    /// @param v The previous moment (Q0.32).
    /// @param g The gradient (Q16.16).
    /// @param beta2 Q16.16 in [0, 2^16].
    /// @return The new moment (Q0.32).
    function moment2(int32 v, int32 g, uint256 beta2) internal pure returns (int32) {
        int256 b = int256(beta2);
        int256 sq = int256(g) * g;
        return FixedPoint.saturate(FixedPoint.roundShift(b * v + (int256(BETA_ONE) - b) * sq, 16));
    }

    /// @notice beta^k in Q30 by binary exponentiation: x = beta * 2^14, r = 2^30; for every bit of
    ///         k, lowest first, r = roundShift(r * x, 30) when the bit is set, then x =
    ///         roundShift(x * x, 30) while higher bits remain. At most 2 multiplies per bit of k.
    /// @param beta Q16.16 in [0, 2^16].
    /// @param k The exponent.
    /// @return r The power in Q30, in [0, 2^30].
    function betaPower(uint256 beta, uint256 k) internal pure returns (uint256 r) {
        // Every value stays in [0, 2^30], so products stay below 2^60: no overflow.
        unchecked {
            uint256 x = beta << (POW_BITS - 16);
            r = POW_ONE;
            while (k != 0) {
                if (k & 1 != 0) r = (r * x + (1 << 29)) >> POW_BITS;
                k >>= 1;
                if (k != 0) x = (x * x + (1 << 29)) >> POW_BITS;
            }
        }
    }

    /// @notice Bias correction 2^30 - beta^(t+1) in Q30 (at least 2^14 for beta < 2^16).
    /// @param beta Q16.16 in [0, 2^16).
    /// @param step The step t.
    /// @return The correction in Q30.
    function biasCorrection(uint256 beta, uint256 step) internal pure returns (int256) {
        return int256(POW_ONE - betaPower(beta, step + 1));
    }

    /// @notice Warmed-up rate lr_t = divHalfUp(lr * min(t + 1, warmup), warmup) in Q8.24.
    /// @param lr Q8.24 in [0, 2^31).
    /// @param warmup Steps in [1, 2^30].
    /// @param step The step t.
    /// @return The rate in Q8.24 (at most lr).
    function warmupRate(uint256 lr, uint256 warmup, uint256 step) internal pure returns (int256) {
        uint256 n = step + 1 < warmup ? step + 1 : warmup;
        return divHalfUp(int256(lr * n), int256(warmup));
    }

    /// @notice Quotient a / b rounded half up: floor((2a + b) / (2b)) for b > 0 (`FixedAdam.divHalfUp`).
    /// @param a The dividend.
    /// @param b The divisor, positive.
    /// @return The rounded quotient.
    function divHalfUp(int256 a, int256 b) internal pure returns (int256) {
        return FixedPoint.floorDiv(2 * a + b, 2 * b);
    }

    /// @notice One AdamW parameter update (`FixedAdam.update`): mhat = divHalfUp(m * 2^30, c1),
    ///         vhat = divHalfUp(max(v, 0) * 2^30, c2), s = isqrt(vhat * 2^16) (Q8.24),
    ///         u = saturate(divHalfUp(mhat * 2^24, s + eps)), g = u + roundShift(wd * w, 16),
    ///         result saturate(w - roundShift(lrt * g, 24)).
    /// @param w The parameter (Q16.16).
    /// @param m The new first moment (Q16.16).
    /// @param v The new second moment (Q0.32).
    /// @param c1 Bias correction of beta1 (Q30, positive).
    /// @param c2 Bias correction of beta2 (Q30, positive).
    /// @param lrt The warmed-up rate (Q8.24).
    /// @param eps Q8.24, at least 1.
    /// @param wd Weight decay, Q16.16.
    /// @return The updated parameter.
    function update(int32 w, int32 m, int32 v, int256 c1, int256 c2, int256 lrt, int256 eps, int256 wd)
        internal
        pure
        returns (int32)
    {
        int256 mhat = divHalfUp(int256(m) << POW_BITS, c1);
        int256 vhat = divHalfUp(int256(v > 0 ? v : int32(0)) << POW_BITS, c2);
        int256 s = int256(Math.sqrt(uint256(vhat << 16)));
        int256 u = FixedPoint.saturate(divHalfUp(mhat << 24, s + eps));
        int256 g = u + FixedPoint.roundShift(wd * w, 16);
        return FixedPoint.saturate(int256(w) - FixedPoint.roundShift(lrt * g, 24));
    }

    // ------------------------------------------------------------------------- element functions

    /// @notice `one_hot(V)` element (r, c) = (ids[r][0] == c ? 1.0 : 0).
    /// @param idRow Row r of the R x 1 token ids (a plain integer).
    /// @param col c, below V.
    /// @param vocabulary V.
    function oneHot(bytes calldata idRow, uint256 col, uint256 vocabulary) internal pure returns (int32) {
        // INVARIANT: token ids are R x 1 and the element lies inside the R x V output.
        if (idRow.length != 4) revert OptimizerOps_NotASingleEntry(idRow.length);
        if (col >= vocabulary) revert FixedPoint_ColumnOutOfRange(col, vocabulary);
        int32 id = FixedPoint.elementAt(idRow, 0);
        return id >= 0 && uint256(int256(id)) == col ? int32(FixedPoint.ONE) : int32(0);
    }

    /// @notice `add_positions(T)` element (r, c) = add(X[r][c], P[r mod T][c]).
    /// @param xRow Row r of X.
    /// @param pRow Row r mod T of P (same width).
    /// @param col c.
    function addPositions(bytes calldata xRow, bytes calldata pRow, uint256 col) internal pure returns (int32) {
        return add(xRow, pRow, col);
    }

    /// @notice `position_grad(T)` element (c, t) = saturate(sum_b dY^T[c][b * T + t]), exact sum.
    /// @param dyRow Row c of dY^T (B * T entries).
    /// @param t The position, below T.
    /// @param positions T.
    function positionGrad(bytes calldata dyRow, uint256 t, uint256 positions) internal pure returns (int32) {
        uint256 n = FixedPoint.cols(dyRow);
        // INVARIANT: the row holds whole sequences and the element lies inside the d x T output.
        if (n % positions != 0) revert OptimizerOps_WidthNotMultiple(n, positions);
        if (t >= positions) revert FixedPoint_ColumnOutOfRange(t, positions);
        int256 acc;
        assembly ("memory-safe") {
            let stride := shl(2, positions)
            for {
                let p := add(dyRow.offset, shl(2, t))
                let end := add(dyRow.offset, dyRow.length)
            } lt(p, end) { p := add(p, stride) } {
                acc := add(acc, signextend(3, shr(224, calldataload(p))))
            }
        }
        return FixedPoint.saturate(acc);
    }

    /// @notice `add` element (r, c) = add(A[r][c], B[r][c]).
    /// @param aRow Row r of A.
    /// @param bRow Row r of B (same width).
    /// @param col c.
    function add(bytes calldata aRow, bytes calldata bRow, uint256 col) internal pure returns (int32) {
        _sameWidth(aRow, bRow);
        return FixedPoint.add(FixedPoint.elementAt(aRow, col), FixedPoint.elementAt(bRow, col));
    }

    /// @notice `adam_m(beta1)` element (r, c) = moment1(m[r][c], g[r][c], beta1).
    /// @param mRow Row r of the previous first moment.
    /// @param gRow Row r of the gradient (same width).
    /// @param col c.
    /// @param beta1 Q16.16 in [0, 2^16].
    function adamMoment1(bytes calldata mRow, bytes calldata gRow, uint256 col, uint256 beta1)
        internal
        pure
        returns (int32)
    {
        _sameWidth(mRow, gRow);
        return moment1(FixedPoint.elementAt(mRow, col), FixedPoint.elementAt(gRow, col), beta1);
    }

    /// @notice `adam_v(beta2)` element (r, c) = moment2(v[r][c], g[r][c], beta2).
    /// @param vRow Row r of the previous second moment (Q0.32).
    /// @param gRow Row r of the gradient (same width).
    /// @param col c.
    /// @param beta2 Q16.16 in [0, 2^16].
    function adamMoment2(bytes calldata vRow, bytes calldata gRow, uint256 col, uint256 beta2)
        internal
        pure
        returns (int32)
    {
        _sameWidth(vRow, gRow);
        return moment2(FixedPoint.elementAt(vRow, col), FixedPoint.elementAt(gRow, col), beta2);
    }

    /// @notice `concat_columns` element (r, c) = c < C1 ? A[r][c] : B[r][c - C1], C1 = A's width.
    /// @param aRow Row r of A.
    /// @param bRow Row r of B.
    /// @param col c, below C1 + C2.
    function concatColumns(bytes calldata aRow, bytes calldata bRow, uint256 col) internal pure returns (int32) {
        uint256 n0 = FixedPoint.cols(aRow);
        uint256 n = n0 + FixedPoint.cols(bRow);
        // INVARIANT: the element lies inside the concatenated row.
        if (col >= n) revert FixedPoint_ColumnOutOfRange(col, n);
        return col < n0 ? FixedPoint.elementAt(aRow, col) : FixedPoint.elementAt(bRow, col - n0);
    }

    /// @notice `adamw_update(lr, warmup, beta1, beta2, eps, wd, step)` element (r, c) =
    ///         update(W[r][c], MV[r][c], MV[r][C + c]) at step t (C = W's width).
    /// @param wRow Row r of the parameter W.
    /// @param mvRow Row r of concat_columns(m', v') (2C entries).
    /// @param col c, below C.
    /// @param a The attributes, already range-checked by `element`.
    function adamWUpdate(bytes calldata wRow, bytes calldata mvRow, uint256 col, uint256[] calldata a)
        internal
        pure
        returns (int32)
    {
        uint256 n = FixedPoint.cols(wRow);
        // INVARIANT: MV is the concatenation of two moments of W's shape.
        if (mvRow.length != 2 * wRow.length) revert FixedPoint_RowLengthMismatch(mvRow.length, 2 * wRow.length);
        int32 w = FixedPoint.elementAt(wRow, col);
        return update(
            w,
            FixedPoint.elementAt(mvRow, col),
            FixedPoint.elementAt(mvRow, n + col),
            biasCorrection(a[2], a[6]),
            biasCorrection(a[3], a[6]),
            warmupRate(a[0], a[1], a[6]),
            int256(a[4]),
            int256(a[5])
        );
    }

    /// @notice `sequence_tokens(T, offset)` element (r, 0) = W[r / T][r mod T + offset]: one token
    ///         id of a batch of text windows per row.
    /// @param wRow Row r / T of the windows.
    /// @param row r.
    /// @param col The output column (the output is one column wide).
    /// @param context T.
    /// @param offset 0 for a model's inputs, 1 for its next-token targets.
    function sequenceTokens(bytes calldata wRow, uint256 row, uint256 col, uint256 context, uint256 offset)
        internal
        pure
        returns (int32)
    {
        // INVARIANT: the output is (B·T) x 1.
        if (col != 0) revert FixedPoint_ColumnOutOfRange(col, 1);
        return FixedPoint.elementAt(wRow, row % context + offset);
    }

    /// @notice Element (row, col) of any op of this family from its declared input rows.
    /// @param op The op (OneHot .. AdamWUpdate, ConcatColumns, SequenceTokens); other kinds revert
    ///        `LeafEvaluator_UnknownOp`.
    /// @param row The output row.
    /// @param col The output column.
    /// @param in0 The declared row of input 0.
    /// @param in1 The declared row of input 1 (empty for one-input ops).
    /// @param attrs The op's attributes in its documented order.
    /// @return The output element.
    function element(
        OpKind op,
        uint256 row,
        uint256 col,
        bytes calldata in0,
        bytes calldata in1,
        uint256[] calldata attrs
    ) internal pure returns (int32) {
        if (op == OpKind.OneHot) return oneHot(in0, col, _attr1(attrs, 1, MAX_SIZE));
        if (op == OpKind.AddPositions) {
            _attr1(attrs, 1, MAX_SIZE);
            return addPositions(in0, in1, col);
        }
        if (op == OpKind.PositionGrad) return positionGrad(in0, col, _attr1(attrs, 1, MAX_SIZE));
        if (op == OpKind.Add) {
            _count(attrs, 0);
            return add(in0, in1, col);
        }
        if (op == OpKind.AdamMoment1) return adamMoment1(in0, in1, col, _attr1(attrs, 0, BETA_ONE));
        if (op == OpKind.AdamMoment2) return adamMoment2(in0, in1, col, _attr1(attrs, 0, BETA_ONE));
        if (op == OpKind.ConcatColumns) {
            _count(attrs, 0);
            return concatColumns(in0, in1, col);
        }
        if (op == OpKind.AdamWUpdate) {
            _checkAdamW(attrs);
            return adamWUpdate(in0, in1, col, attrs);
        }
        if (op == OpKind.SequenceTokens) {
            _count(attrs, 2);
            _range(attrs, 0, 1, MAX_SIZE);
            _range(attrs, 1, 0, MAX_SIZE);
            return sequenceTokens(in0, row, col, attrs[0], attrs[1]);
        }
        // The MLP ops and the other network families have their own evaluators.
        revert LeafEvaluator_UnknownOp(uint256(op));
    }

    // ----------------------------------------------------------------------------------- helpers

    /// @dev adamw_update's attributes: lr, warmup, beta1, beta2, eps, wd, step.
    function _checkAdamW(uint256[] calldata a) private pure {
        _count(a, 7);
        _range(a, 0, 0, MAX_LR);
        _range(a, 1, 1, MAX_WARMUP);
        _range(a, 2, 0, BETA_ONE - 1);
        _range(a, 3, 0, BETA_ONE - 1);
        _range(a, 4, 1, MAX_LR);
        _range(a, 5, 0, BETA_ONE);
        _range(a, 6, 0, MAX_STEP);
    }

    /// @dev The one attribute of a one-attribute op, checked to lie in [min, max].
    function _attr1(uint256[] calldata a, uint256 min, uint256 max) private pure returns (uint256) {
        _count(a, 1);
        _range(a, 0, min, max);
        return a[0];
    }

    function _count(uint256[] calldata a, uint256 expected) private pure {
        // INVARIANT: an op's descriptor carries exactly its documented attributes.
        if (a.length != expected) revert OptimizerOps_AttributeCount(expected, a.length);
    }

    function _range(uint256[] calldata a, uint256 i, uint256 min, uint256 max) private pure {
        // INVARIANT: core's op records reject the same out-of-range attributes.
        if (a[i] < min || a[i] > max) revert OptimizerOps_AttributeOutOfRange(i, a[i]);
    }

    /// @dev Same-shape inputs reveal rows of the same width.
    function _sameWidth(bytes calldata a, bytes calldata b) private pure {
        // INVARIANT: add, add_positions, adam_m and adam_v take rows of one width.
        if (a.length != b.length) revert FixedPoint_RowLengthMismatch(a.length, b.length);
    }
}
