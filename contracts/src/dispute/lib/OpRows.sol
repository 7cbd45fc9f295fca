// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {OpKind} from "../../types/DisputeTypes.sol";
import {
    LeafEvaluator_UnknownOp,
    OpRows_AttributeCount,
    OpRows_AttributeOutOfRange,
    OpRows_WindowTooLarge,
    OpRows_ReadsDataset,
    OpRows_RowOutsideInput
} from "./Errors.sol";

/// @notice One element of an op node and what the node says about its inputs: the node's kind
///         byte (an `OpKind` index), the element's output position (row, col), the shapes of
///         input 0 and input 1 (zero for an absent input; the columns ride along for the row
///         proofs, the rule needs only the row counts) and the node's attributes as a graph node
///         carries them (`OpCodec.attributes`: `Op.attributes()`, without adamw_update's step).
struct RowQuery {
    uint8 kind;
    uint32 row;
    uint32 col;
    uint32 rows0;
    uint32 cols0;
    uint32 rows1;
    uint32 cols1;
    uint256[] attrs;
}

/// @title OpRows
/// @notice Mirror of core's `Op.dependencies` for the ops of a graph node: which row of each
///         input the element (row, col) reads, so that a dispute can prove exactly those rows
///         against the inputs' row trees before it recomputes the element. Every op reads at most
///         one row of each of its at most two inputs (docs/network-ops.md, "Which rows an element
///         reads, on chain").
/// @dev gather_rows is refused (its element reads a dataset sample whose index comes from the seed
///      and the step). The attribute count of every kind is checked, and so is the range of every
///      attribute the row rule computes with; the family evaluators check the others when they
///      recompute the element. Positions and shapes are uint32, so no product can overflow.
library OpRows {
    /// @notice The row index meaning "input not read" (input 1 of a one-input op).
    uint256 internal constant NONE = type(uint256).max;

    /// @notice Largest size, stride or padding attribute (an int32, as core's constructors take).
    uint256 internal constant MAX_SIZE = 2 ** 31 - 1;

    /// @dev Per kind in `OpKind` order, one byte: the op's input count (high nibble) and the
    ///      number of attributes its graph node carries (low nibble); one literal per family.
    bytes private constant SIGNATURES = hex"201020102020102110" // MatMul .. GatherRows
        hex"112020202020201020" // LayerNormStats .. GeluBackward
        hex"12132212111120" // SplitHeads .. SoftmaxBackward
        hex"272712272215251515" // Conv2d .. AvgPool2dBackward
        hex"1121112021212612"; // OneHot .. SequenceTokens

    /// @notice The rows element (q.row, q.col) of the node reads: row `r0` of input 0 and row `r1`
    ///         of input 1 (`NONE` for a one-input op), as Java's `Op.dependencies` lists them.
    /// @param q The element, the node's attributes and its inputs' shapes.
    /// @return r0 The row of input 0.
    /// @return r1 The row of input 1, or `NONE`.
    function rowsRead(RowQuery memory q) internal pure returns (uint256 r0, uint256 r1) {
        // INVARIANT: only the ops of OpKind exist.
        if (q.kind > uint8(type(OpKind).max)) revert LeafEvaluator_UnknownOp(q.kind);
        OpKind op = OpKind(q.kind);
        // INVARIANT: a gather's source row is a dataset sample, opened against the dataset.
        if (op == OpKind.GatherRows) revert OpRows_ReadsDataset();
        uint256 expected = attributeCount(op);
        // INVARIANT: a node carries exactly its kind's constants.
        if (q.attrs.length != expected) revert OpRows_AttributeCount(q.kind, expected, q.attrs.length);
        (r0, r1) = _rows(op, q.row, q.col, q.attrs);
        // INVARIANT: an element of a node whose inputs fit it reads rows inside those inputs.
        if (r0 >= q.rows0) revert OpRows_RowOutsideInput(0, r0, q.rows0);
        if (r1 != NONE && r1 >= q.rows1) revert OpRows_RowOutsideInput(1, r1, q.rows1);
    }

    /// @notice The number of inputs of an op (core's `Op.arity`).
    /// @param op The op.
    /// @return 1 or 2.
    function arity(OpKind op) internal pure returns (uint256) {
        return uint8(SIGNATURES[uint8(op)]) >> 4;
    }

    /// @notice The number of attributes a graph node of this op carries (`OpCodec.attributes`).
    /// @param op The op.
    /// @return The attribute count.
    function attributeCount(OpKind op) internal pure returns (uint256) {
        return uint8(SIGNATURES[uint8(op)]) & 0x0f;
    }

    // ------------------------------------------------------------------------------- row rules

    /// @dev The row rules of core's ops; every op not named reads row r of each of its inputs.
    function _rows(OpKind op, uint256 r, uint256 c, uint256[] memory a) private pure returns (uint256, uint256) {
        if (op == OpKind.MatMul || op == OpKind.AddBias || op == OpKind.MulColumn) return (r, c);
        if (op == OpKind.Transpose) return (c, NONE);
        if (op == OpKind.SplitHeads) {
            // row (b*H + h)*T + t of the output comes from row b*T + t
            (uint256 t, uint256 h) = (_size(op, a, 0), _size(op, a, 1));
            return (r / (h * t) * t + r % t, NONE);
        }
        if (op == OpKind.MergeHeads) {
            // column h*dh + e of output row b*T + t comes from row (b*H + h)*T + t
            (uint256 t, uint256 h, uint256 dh) = (_size(op, a, 0), _size(op, a, 1), _size(op, a, 2));
            return ((r / t * h + c / dh) * t + r % t, NONE);
        }
        if (op == OpKind.BlockMatMul) return (r, r / _size(op, a, 0) * _size(op, a, 1) + c);
        if (op == OpKind.BlockTranspose) return (r / _size(op, a, 1) * _size(op, a, 0) + c, NONE);
        if (op == OpKind.Conv2d || op == OpKind.Conv2dInputGrad || op == OpKind.Conv2dWeightGrad) {
            return (r, c / _convBlock(op, a));
        }
        if (op == OpKind.ChannelsByRow) return (c / _size(op, a, 1), NONE);
        if (op == OpKind.AddChannelBias) return (r, c / _size(op, a, 1));
        if (op == OpKind.AddPositions) return (r, r % _size(op, a, 0));
        if (op == OpKind.SequenceTokens) return (r / _size(op, a, 0), NONE);
        return (r, arity(op) == 2 ? r : NONE);
    }

    /// @dev The output columns one kernel row (conv2d: OH*OW), one image plane (conv2d_input_grad:
    ///      H*W) or one row of the reshaped input (conv2d_weight_grad: KH*KW) spans, from the
    ///      geometry (C, H, W, KH, KW, stride, padding) checked as core's `ConvGeometry` does.
    function _convBlock(OpKind op, uint256[] memory a) private pure returns (uint256) {
        for (uint256 i; i < 6; ++i) {
            _size(op, a, i);
        }
        uint256 pad = a[6];
        if (pad > MAX_SIZE) revert OpRows_AttributeOutOfRange(uint8(op), 6, pad);
        if (a[3] > a[1] + 2 * pad) revert OpRows_WindowTooLarge(a[3], a[1] + 2 * pad);
        if (a[4] > a[2] + 2 * pad) revert OpRows_WindowTooLarge(a[4], a[2] + 2 * pad);
        if (op == OpKind.Conv2dInputGrad) return a[1] * a[2];
        if (op == OpKind.Conv2dWeightGrad) return a[3] * a[4];
        return ((a[1] + 2 * pad - a[3]) / a[5] + 1) * ((a[2] + 2 * pad - a[4]) / a[5] + 1);
    }

    /// @dev Attribute i, a size in [1, 2^31).
    function _size(OpKind op, uint256[] memory a, uint256 i) private pure returns (uint256) {
        // INVARIANT: sizes are positive int32s as in core (no division by zero).
        if (a[i] == 0 || a[i] > MAX_SIZE) revert OpRows_AttributeOutOfRange(uint8(op), i, a[i]);
        return a[i];
    }
}
