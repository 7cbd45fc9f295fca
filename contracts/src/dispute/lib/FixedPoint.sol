// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {
    FixedPoint_RowNotPacked,
    FixedPoint_RowLengthMismatch,
    FixedPoint_ColumnOutOfRange,
    FixedPoint_ShiftOutOfRange,
    FixedPoint_EtaOutOfRange
} from "./Errors.sol";

/// @title FixedPoint
/// @notice Bit-exact mirror of core's fixed-point rules (`io.tribunal.core.fixed.Fixed` and
///         `FixedExp`, specified in docs/fixed-point.md): Q16.16 values in int32, sums and
///         products formed exactly in int256, ONE rounding rule (round half up, `roundShift`) and
///         ONE overflow rule (clamp to int32, `saturate`), and the integer exp/softmax.
/// @dev Rows are packed big-endian int32s in calldata (4 bytes per element) and are unpacked in
///      assembly with `signextend(3, shr(k, word))`: an ABI `int256[]` costs ~20x more gas for a
///      784-wide dot product. Every function is total on well-formed inputs; custom errors only
///      flag malformed ones (lengths that are not whole rows, indices past a row, eta out of range).
library FixedPoint {
    /// @notice Fractional bits of every tensor value (Q16.16).
    uint256 internal constant FRAC_BITS = 16;

    /// @notice The value 1.0 in Q16.16.
    int256 internal constant ONE = 65536;

    /// @notice Fractional bits of the SGD step size eta (Q8.24).
    uint256 internal constant ETA_BITS = 24;

    /// @notice Largest eta core accepts (`SgdUpdate.MAX_ETA`).
    uint256 internal constant MAX_ETA = 2 ** 31 - 1;

    /// @notice log2(e) in Q30: round(1.4426950408889634 * 2^30).
    int256 internal constant LOG2E_Q30 = 1549082005;

    /// @notice Inputs below -64.0 give exp 0 (an int64 guard in Java; the exact rule agrees).
    int256 internal constant EXP_INPUT_FLOOR = -64 * 65536;

    // Taylor coefficients of 2^f in Q30: round(ln(2)^k / k! * 2^30), k = 0..6.
    int256 private constant C0 = 1073741824;
    int256 private constant C1 = 744261118;
    int256 private constant C2 = 257941248;
    int256 private constant C3 = 59597083;
    int256 private constant C4 = 10327387;
    int256 private constant C5 = 1431680;
    int256 private constant C6 = 165394;

    // ------------------------------------------------------------------------------ scalar rules

    /// @notice The one overflow rule: clamps an exact value to the int32 range.
    /// @param x Any exact value.
    /// @return The value clamped to [-2^31, 2^31 - 1].
    function saturate(int256 x) internal pure returns (int32) {
        if (x > type(int32).max) return type(int32).max;
        if (x < type(int32).min) return type(int32).min;
        return int32(x);
    }

    /// @notice The one rounding rule: floor((x + 2^(s-1)) / 2^s), i.e. round half up (towards
    ///         +infinity, for negatives too: -1.5 -> -1).
    /// @param x An exact value with |x| < 2^254.
    /// @param s The shift, in [1, 254].
    /// @return The rounded quotient x / 2^s.
    function roundShift(int256 x, uint256 s) internal pure returns (int256) {
        // INVARIANT: 2^(s-1) is representable and the addition below cannot overflow for |x| < 2^254.
        if (s == 0 || s > 254) revert FixedPoint_ShiftOutOfRange(s);
        return (x + int256(1 << (s - 1))) >> s;
    }

    /// @notice Saturating addition: saturate(a + b).
    function add(int32 a, int32 b) internal pure returns (int32) {
        return saturate(int256(a) + int256(b));
    }

    /// @notice Saturating subtraction: saturate(a - b).
    function sub(int32 a, int32 b) internal pure returns (int32) {
        return saturate(int256(a) - int256(b));
    }

    /// @notice Fixed-point product: saturate(roundShift(a * b, 16)).
    function mul(int32 a, int32 b) internal pure returns (int32) {
        return saturate(roundShift(int256(a) * int256(b), FRAC_BITS));
    }

    /// @notice ReLU: max(x, 0).
    function relu(int32 x) internal pure returns (int32) {
        return x > 0 ? x : int32(0);
    }

    /// @notice Fixed-point square root, rounded down: isqrt(max(x, 0) * 2^16) (`Fixed.sqrt`).
    /// @param x A Q16.16 value; negative values give 0.
    /// @return The floor square root in Q16.16 (at most sqrt(2^47), so it fits).
    function sqrt(int32 x) internal pure returns (int32) {
        if (x <= 0) return 0;
        return int32(uint32(Math.sqrt(uint256(uint32(x)) << 16)));
    }

    /// @notice Fixed-point quotient a / b rounded half up (`Fixed.div`): saturate(floor((a * 2^17 +
    ///         b) / (2b))) for b > 0, both signs flipped for b < 0; b = 0 saturates by the sign of a.
    /// @param a The dividend.
    /// @param b The divisor.
    /// @return The quotient in Q16.16.
    function div(int32 a, int32 b) internal pure returns (int32) {
        if (b == 0) return a > 0 ? type(int32).max : a < 0 ? type(int32).min : int32(0);
        int256 n = int256(a) << 17;
        int256 d = b;
        if (d < 0) {
            n = -n;
            d = -d;
        }
        return saturate(floorDiv(n + d, 2 * d));
    }

    /// @notice floor(n / d) for d > 0 (Solidity's `/` rounds toward zero).
    /// @param n The numerator.
    /// @param d The denominator, positive.
    /// @return The floor quotient.
    function floorDiv(int256 n, int256 d) internal pure returns (int256) {
        int256 q = n / d;
        if (n % d != 0 && n < 0) q -= 1;
        return q;
    }

    /// @notice SGD update rule: saturate(w - roundShift(g * eta, 24)).
    /// @param w The parameter.
    /// @param g The gradient.
    /// @param eta The step size lr / B in Q8.24, in [0, 2^31).
    /// @return The updated parameter.
    function sgd(int32 w, int32 g, uint256 eta) internal pure returns (int32) {
        // INVARIANT: core defines the rule only for eta in [0, 2^31) (SgdUpdate rejects others).
        if (eta > MAX_ETA) revert FixedPoint_EtaOutOfRange(eta);
        return saturate(int256(w) - roundShift(int256(g) * int256(eta), ETA_BITS));
    }

    // -------------------------------------------------------------------------------- packed rows

    /// @notice Number of int32 elements of a packed row.
    /// @param row Big-endian int32s, 4 bytes each.
    /// @return The element count.
    function cols(bytes calldata row) internal pure returns (uint256) {
        // INVARIANT: a packed row is a whole number of 4-byte elements.
        if (row.length % 4 != 0) revert FixedPoint_RowNotPacked(row.length);
        return row.length / 4;
    }

    /// @notice Element `col` of a packed row.
    /// @param row Big-endian int32s, 4 bytes each.
    /// @param col The element index, below the row's element count.
    /// @return v The element.
    function elementAt(bytes calldata row, uint256 col) internal pure returns (int32 v) {
        uint256 n = cols(row);
        // INVARIANT: only elements inside the row are read.
        if (col >= n) revert FixedPoint_ColumnOutOfRange(col, n);
        assembly ("memory-safe") {
            v := signextend(3, shr(224, calldataload(add(row.offset, shl(2, col)))))
        }
    }

    /// @notice Dot product of two packed rows: saturate(roundShift(sum_k a[k] * b[k], 16)), the
    ///         sum taken exactly (int256 cannot overflow: each product is below 2^62).
    /// @param a A packed row.
    /// @param b A packed row of the same length.
    /// @return The Q16.16 dot product.
    function dot(bytes calldata a, bytes calldata b) internal pure returns (int32) {
        // INVARIANT: both operands are whole rows of the same width (matmul rows share K).
        if (a.length != b.length) revert FixedPoint_RowLengthMismatch(a.length, b.length);
        cols(a);
        int256 acc;
        assembly ("memory-safe") {
            let pa := a.offset
            let pb := b.offset
            // 8 lanes per 32-byte word; mul/add are exact two's complement for |acc| < 2^255.
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
            // Tail (< 8 elements): shr(224) keeps only the 4 bytes inside the row.
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
        return saturate(roundShift(acc, FRAC_BITS));
    }

    /// @notice Exact sum of a packed row, saturated: saturate(sum_k v[k]).
    /// @param v A packed row.
    /// @return The saturated sum.
    function sum(bytes calldata v) internal pure returns (int32) {
        cols(v);
        int256 acc;
        assembly ("memory-safe") {
            let p := v.offset
            for { let wordsEnd := add(p, and(v.length, not(31))) } lt(p, wordsEnd) { p := add(p, 32) } {
                let w := calldataload(p)
                acc := add(acc, add(signextend(3, shr(224, w)), signextend(3, shr(192, w))))
                acc := add(acc, add(signextend(3, shr(160, w)), signextend(3, shr(128, w))))
                acc := add(acc, add(signextend(3, shr(96, w)), signextend(3, shr(64, w))))
                acc := add(acc, add(signextend(3, shr(32, w)), signextend(3, w)))
            }
            for { let end := add(v.offset, v.length) } lt(p, end) { p := add(p, 4) } {
                acc := add(acc, signextend(3, shr(224, calldataload(p))))
            }
        }
        return saturate(acc);
    }

    /// @notice Largest element of a packed row (type(int32).min for an empty row, as Java's fold).
    /// @param v A packed row.
    /// @return m The maximum.
    function max(bytes calldata v) internal pure returns (int32 m) {
        cols(v);
        m = type(int32).min;
        assembly ("memory-safe") {
            for {
                let p := v.offset
                let end := add(v.offset, v.length)
            } lt(p, end) { p := add(p, 4) } {
                let x := signextend(3, shr(224, calldataload(p)))
                if sgt(x, m) { m := x }
            }
        }
    }

    // --------------------------------------------------------------------------- exp and softmax

    /// @notice e^x for a Q16.16 value x <= 0 (positive inputs count as 0), as Q16.16 in [0, ONE]:
    ///         y = roundShift(x * log2(e), 30) split into n = floor(y / 2^16) and f = y mod 2^16,
    ///         2^f by a degree-6 Horner polynomial in Q30, then roundShift(p, 14 - n).
    /// @param x A Q16.16 value of any size (e.g. the exact difference of two int32 logits).
    /// @return r The Q16.16 result; exp(0) is exactly ONE.
    function expNonPositive(int256 x) internal pure returns (int256 r) {
        if (x > 0) x = 0;
        if (x < EXP_INPUT_FLOOR) return 0;
        // Every intermediate below is bounded (|x * LOG2E_Q30| < 2^53, p < 2^31, f < 2^16), so the
        // round-half-up shifts are written out unchecked: (v + 2^(s-1)) >> s as in `roundShift`.
        unchecked {
            int256 y = (x * LOG2E_Q30 + (1 << 29)) >> 30;
            int256 n = y >> FRAC_BITS;
            int256 f = y & 0xFFFF;
            int256 p = C6;
            p = C5 + ((p * f + 32768) >> 16);
            p = C4 + ((p * f + 32768) >> 16);
            p = C3 + ((p * f + 32768) >> 16);
            p = C2 + ((p * f + 32768) >> 16);
            p = C1 + ((p * f + 32768) >> 16);
            p = C0 + ((p * f + 32768) >> 16);
            int256 shift = 14 - n;
            if (shift >= 32) return 0; // p < 2^31, so the rounded shift is 0 exactly
            r = (p + (int256(1) << uint256(shift - 1))) >> uint256(shift);
        }
    }

    /// @notice Softmax probability of entry k of a logit row, Q16.16 in [0, ONE]:
    ///         e_j = exp(z_j - max z), S = sum e_j, result floor((e_k * 2^16 + floor(S / 2)) / S).
    ///         An empty row, or k past its end, gives 0 (as core).
    /// @param logits A packed row of Q16.16 logits.
    /// @param k The entry.
    /// @return The probability.
    function softmaxAt(bytes calldata logits, uint256 k) internal pure returns (int32) {
        int256 m = max(logits);
        uint256 n = logits.length / 4;
        int256 s;
        int256 ek;
        for (uint256 j; j < n; ++j) {
            int256 e = expNonPositive(int256(_load(logits, j)) - m);
            s += e;
            if (j == k) ek = e;
        }
        if (s == 0) return 0;
        // Both operands are non-negative: Solidity's `/` is the floor division the rule names.
        return int32((ek * ONE + s / 2) / s);
    }

    /// @dev Element j of a row already checked to hold more than j elements.
    function _load(bytes calldata row, uint256 j) private pure returns (int32 v) {
        assembly ("memory-safe") {
            v := signextend(3, shr(224, calldataload(add(row.offset, shl(2, j)))))
        }
    }
}
