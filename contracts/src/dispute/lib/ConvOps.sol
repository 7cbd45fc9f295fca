// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {FixedPoint} from "./FixedPoint.sol";
import {OpKind} from "../../types/DisputeTypes.sol";
import {
    FixedPoint_ColumnOutOfRange,
    LeafEvaluator_NotASingleEntry,
    LeafEvaluator_UnknownOp,
    ConvOps_AttributeCount,
    ConvOps_AttributeOutOfRange,
    ConvOps_WindowTooLarge,
    ConvOps_RowWidth,
    ConvOps_RowNotWhole,
    ConvOps_RowOutOfRange
} from "./Errors.sol";

/// @title ConvOps
/// @notice The chain's copy of the element functions of core's convolution and pooling ops
///         (`Conv2d`, `Conv2dInputGrad`, `ChannelsByRow`, `Conv2dWeightGrad`, `AddChannelBias`,
///         `MaxPool2d`, `MaxPool2dBackward`, `AvgPool2d`, `AvgPool2dBackward` in
///         `io.tribunal.core.ops`, specified in docs/network-ops.md): one output element from at
///         most one revealed row of each input, bit for bit as core.
/// @dev Image rows are channel-major (index c*H*W + y*W + x), kernel rows c*KH*KW + ky*KW + kx.
///      Which input row feeds an element is the caller's business (it proves the row index), as
///      in `LeafEvaluator`. Sums are exact in int256 and rounded once. Total on well-formed inputs
///      (attributes in range, rows of the widths the attributes imply, positions inside them).
library ConvOps {
    /// @notice Largest attribute value (core's attributes are Java ints).
    uint256 internal constant MAX_ATTRIBUTE = 2 ** 31 - 1;

    /// @notice A convolution or pooling walk: C planes of H x W, KH x KW windows moved by
    ///         `stride`, `pad` zeros on every side, OH x OW output positions.
    struct Geometry {
        uint256 c;
        uint256 h;
        uint256 w;
        uint256 kh;
        uint256 kw;
        uint256 stride;
        uint256 pad;
        uint256 oh;
        uint256 ow;
    }

    /// @notice The taps of a window along one axis that land inside the image: [lo, hi), and
    ///         the image coordinate of tap 0 (wrapped when negative; start + tap is exact inside).
    struct Span {
        uint256 start;
        uint256 lo;
        uint256 hi;
    }

    /// @notice A half-open index range [lo, hi) along one axis.
    struct Range {
        uint256 lo;
        uint256 hi;
    }

    /// @notice The walk of a sum over the batch: n values `aStep` / `bStep` bytes apart in the two
    ///         rows, and `pixelStep` bytes between horizontally adjacent window origins.
    struct Strided {
        uint256 aStep;
        uint256 bStep;
        uint256 n;
        uint256 pixelStep;
    }

    /// @dev "No output index" marker of `_outIndex`.
    uint256 private constant NONE = type(uint256).max;

    // ------------------------------------------------------------------------------ attributes

    /// @notice The geometry of a convolution op from its attributes (C, H, W, KH, KW, stride,
    ///         padding): sizes and stride in [1, 2^31), padding in [0, 2^31), the kernel inside the
    ///         padded image; OH = (H + 2p - KH) / stride + 1.
    /// @param a The op's attributes.
    /// @return g The geometry.
    function convGeometry(uint256[] calldata a) internal pure returns (Geometry memory g) {
        // INVARIANT: core's ConvGeometry accepts exactly these attribute vectors.
        if (a.length != 7) revert ConvOps_AttributeCount(7, a.length);
        for (uint256 i; i < 7; ++i) {
            if (a[i] > MAX_ATTRIBUTE || (a[i] == 0 && i != 6)) revert ConvOps_AttributeOutOfRange(i, a[i]);
        }
        g = Geometry(a[0], a[1], a[2], a[3], a[4], a[5], a[6], 0, 0);
        if (g.kh > g.h + 2 * g.pad) revert ConvOps_WindowTooLarge(g.kh, g.h + 2 * g.pad);
        if (g.kw > g.w + 2 * g.pad) revert ConvOps_WindowTooLarge(g.kw, g.w + 2 * g.pad);
        g.oh = (g.h + 2 * g.pad - g.kh) / g.stride + 1;
        g.ow = (g.w + 2 * g.pad - g.kw) / g.stride + 1;
    }

    /// @notice The geometry of a pooling op from its attributes (C, H, W, size, stride): a
    ///         size x size window inside the H x W plane, no padding.
    /// @param a The op's attributes.
    /// @return g The geometry (KH = KW = size, pad = 0).
    function poolGeometry(uint256[] calldata a) internal pure returns (Geometry memory g) {
        // INVARIANT: core's PoolGeometry accepts exactly these attribute vectors.
        if (a.length != 5) revert ConvOps_AttributeCount(5, a.length);
        for (uint256 i; i < 5; ++i) {
            if (a[i] == 0 || a[i] > MAX_ATTRIBUTE) revert ConvOps_AttributeOutOfRange(i, a[i]);
        }
        g = Geometry(a[0], a[1], a[2], a[3], a[3], a[4], 0, 0, 0);
        if (g.kh > g.h) revert ConvOps_WindowTooLarge(g.kh, g.h);
        if (g.kw > g.w) revert ConvOps_WindowTooLarge(g.kw, g.w);
        g.oh = (g.h - g.kh) / g.stride + 1;
        g.ow = (g.w - g.kw) / g.stride + 1;
    }

    /// @notice The (C, S) attributes of `channels_by_row` and `add_channel_bias`, both in [1, 2^31).
    /// @param a The op's attributes.
    /// @return c The channel count C.
    /// @return s The block size S.
    function blockAttributes(uint256[] calldata a) internal pure returns (uint256 c, uint256 s) {
        // INVARIANT: core's ChannelsByRow / AddChannelBias accept exactly these.
        if (a.length != 2) revert ConvOps_AttributeCount(2, a.length);
        for (uint256 i; i < 2; ++i) {
            if (a[i] == 0 || a[i] > MAX_ATTRIBUTE) revert ConvOps_AttributeOutOfRange(i, a[i]);
        }
        return (a[0], a[1]);
    }

    // -------------------------------------------------------------------------------- elements

    /// @notice `conv2d` element (b, (oc, oy, ox)) = saturate(roundShift(sum_(c,ky,kx)
    ///         X[b][c, oy*s+ky-p, ox*s+kx-p] * K[oc][c, ky, kx], 16)), padding pixels 0.
    /// @param g The geometry.
    /// @param x Row b of X (C*H*W values).
    /// @param k Row oc of K (C*KH*KW values).
    /// @param col The output column (oc*OH*OW + oy*OW + ox).
    function conv2d(Geometry memory g, bytes calldata x, bytes calldata k, uint256 col) internal pure returns (int32) {
        _requireWidth(x, g.c * g.h * g.w);
        _requireWidth(k, g.c * g.kh * g.kw);
        int256 acc = _convSum(g, _offset(x), _offset(k), col % (g.oh * g.ow));
        return FixedPoint.saturate(FixedPoint.roundShift(acc, FixedPoint.FRAC_BITS));
    }

    /// @notice `conv2d_input_grad` element (b, (c, y, x)) = saturate(roundShift(sum dY[b][oc, oy, ox]
    ///         * KT[c][oc, ky, kx], 16)) over (oc, ky, kx) with oy*s + ky - p = y, ox*s + kx - p = x
    ///         and (oy, ox) inside OH x OW.
    /// @param g The geometry.
    /// @param dy Row b of dY (OC*OH*OW values).
    /// @param kt Row c of KT = channels_by_row(C, KH*KW)(K) (OC*KH*KW values).
    /// @param col The output column (c*H*W + y*W + x), below C*H*W.
    function conv2dInputGrad(Geometry memory g, bytes calldata dy, bytes calldata kt, uint256 col)
        internal
        pure
        returns (int32)
    {
        _requireColumn(col, g.c * g.h * g.w);
        uint256 oc = _blocks(kt, g.kh * g.kw);
        _requireWidth(dy, oc * g.oh * g.ow);
        int256 acc = _inputGradSum(g, _offset(dy), _offset(kt), oc, col % (g.h * g.w));
        return FixedPoint.saturate(FixedPoint.roundShift(acc, FixedPoint.FRAC_BITS));
    }

    /// @notice `channels_by_row` element (c, (r, s)) = T[r][c*S + s].
    /// @param channels C.
    /// @param blockSize S.
    /// @param t Row r = col / S of T (C*S values).
    /// @param row The output row c, below C.
    /// @param col The output column r*S + s.
    function channelsByRow(uint256 channels, uint256 blockSize, bytes calldata t, uint256 row, uint256 col)
        internal
        pure
        returns (int32)
    {
        _requireWidth(t, channels * blockSize);
        // INVARIANT: the output has C rows.
        if (row >= channels) revert ConvOps_RowOutOfRange(row, channels);
        return int32(_at(t, row * blockSize + col % blockSize));
    }

    /// @notice `conv2d_weight_grad` element (oc, (c, ky, kx)) = saturate(roundShift(sum_(b,oy,ox)
    ///         G[oc][b, oy, ox] * XC[c][b, oy*s+ky-p, ox*s+kx-p], 16)), padding pixels 0.
    /// @param g The geometry.
    /// @param gr Row oc of G = channels_by_row(OC, OH*OW)(dY) (B*OH*OW values).
    /// @param xc Row c of XC = channels_by_row(C, H*W)(X) (B*H*W values).
    /// @param col The output column (c*KH*KW + ky*KW + kx), below C*KH*KW.
    function conv2dWeightGrad(Geometry memory g, bytes calldata gr, bytes calldata xc, uint256 col)
        internal
        pure
        returns (int32)
    {
        _requireColumn(col, g.c * g.kh * g.kw);
        uint256 batch = _blocks(xc, g.h * g.w);
        _requireWidth(gr, batch * g.oh * g.ow);
        int256 acc = _weightGradSum(g, _offset(gr), _offset(xc), batch, col % (g.kh * g.kw));
        return FixedPoint.saturate(FixedPoint.roundShift(acc, FixedPoint.FRAC_BITS));
    }

    /// @notice `add_channel_bias` element (b, (c, s)) = add(Z[b][c*S + s], bias[c][0]).
    /// @param channels C.
    /// @param blockSize S.
    /// @param z Row b of Z (C*S values).
    /// @param bias Row c = col / S of the C x 1 bias (one value).
    /// @param col The output column, below C*S.
    function addChannelBias(uint256 channels, uint256 blockSize, bytes calldata z, bytes calldata bias, uint256 col)
        internal
        pure
        returns (int32)
    {
        _requireWidth(z, channels * blockSize);
        _requireColumn(col, channels * blockSize);
        // INVARIANT: a C x 1 bias has one value per row.
        if (bias.length != 4) revert LeafEvaluator_NotASingleEntry(bias.length);
        return FixedPoint.add(int32(_at(z, col)), int32(_at(bias, 0)));
    }

    /// @notice `max_pool2d` element (b, (c, oy, ox)) = the largest value of the window.
    /// @param g The pooling geometry.
    /// @param x Row b of X (C*H*W values).
    /// @param col The output column (c*OH*OW + oy*OW + ox), below C*OH*OW.
    function maxPool2d(Geometry memory g, bytes calldata x, uint256 col) internal pure returns (int32) {
        _requireWidth(x, g.c * g.h * g.w);
        uint256 positions = g.oh * g.ow;
        _requireColumn(col, g.c * positions);
        uint256 p = col % positions;
        return int32(_at(x, winner(g, _offset(x), col / positions, p / g.ow, p % g.ow)));
    }

    /// @notice `max_pool2d_backward` element (b, (c, y, x)) = saturate(sum of dY[b][c, oy, ox] over
    ///         the windows whose winner is (y, x)); a window's winner is its FIRST largest value in
    ///         row-major tap order.
    /// @param g The pooling geometry.
    /// @param dy Row b of dY (C*OH*OW values).
    /// @param x Row b of the pooled input X (C*H*W values).
    /// @param col The output column (c*H*W + y*W + x), below C*H*W.
    function maxPool2dBackward(Geometry memory g, bytes calldata dy, bytes calldata x, uint256 col)
        internal
        pure
        returns (int32)
    {
        _requireWidth(x, g.c * g.h * g.w);
        _requireWidth(dy, g.c * g.oh * g.ow);
        _requireColumn(col, g.c * g.h * g.w);
        return FixedPoint.saturate(_poolGradSum(g, _offset(dy), _offset(x), col));
    }

    /// @notice `avg_pool2d` element (b, (c, oy, ox)) = mean(exact window sum, size^2).
    /// @param g The pooling geometry.
    /// @param x Row b of X (C*H*W values).
    /// @param col The output column (c*OH*OW + oy*OW + ox), below C*OH*OW.
    function avgPool2d(Geometry memory g, bytes calldata x, uint256 col) internal pure returns (int32) {
        _requireWidth(x, g.c * g.h * g.w);
        uint256 positions = g.oh * g.ow;
        _requireColumn(col, g.c * positions);
        uint256 c = col / positions;
        uint256 oy = (col % positions) / g.ow;
        uint256 base = (c * g.h + oy * g.stride) * g.w + (col % g.ow) * g.stride;
        int256 acc;
        unchecked {
            for (uint256 ky; ky < g.kh; ++ky) {
                for (uint256 kx; kx < g.kw; ++kx) {
                    acc += _at(x, base + ky * g.w + kx);
                }
            }
        }
        return mean(acc, int256(g.kh * g.kw));
    }

    /// @notice `avg_pool2d_backward` element (b, (c, y, x)) = mean(exact sum of dY[b][c, oy, ox]
    ///         over the windows covering (y, x), size^2).
    /// @param g The pooling geometry.
    /// @param dy Row b of dY (C*OH*OW values).
    /// @param col The output column (c*H*W + y*W + x), below C*H*W.
    function avgPool2dBackward(Geometry memory g, bytes calldata dy, uint256 col) internal pure returns (int32) {
        _requireWidth(dy, g.c * g.oh * g.ow);
        _requireColumn(col, g.c * g.h * g.w);
        return mean(_poolGradSum(g, _offset(dy), 0, col), int256(g.kh * g.kw));
    }

    /// @notice Element (row, col) of any convolution or pooling op from its declared input rows.
    /// @param op The op; kinds outside this family revert `LeafEvaluator_UnknownOp`.
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
        if (op == OpKind.Conv2d) return conv2d(convGeometry(attrs), in0, in1, col);
        if (op == OpKind.Conv2dInputGrad) return conv2dInputGrad(convGeometry(attrs), in0, in1, col);
        if (op == OpKind.ChannelsByRow) return _channelsByRow(in0, row, col, attrs);
        if (op == OpKind.Conv2dWeightGrad) return conv2dWeightGrad(convGeometry(attrs), in0, in1, col);
        if (op == OpKind.AddChannelBias) return _addChannelBias(in0, in1, col, attrs);
        if (op == OpKind.MaxPool2d) return maxPool2d(poolGeometry(attrs), in0, col);
        if (op == OpKind.MaxPool2dBackward) return maxPool2dBackward(poolGeometry(attrs), in0, in1, col);
        if (op == OpKind.AvgPool2d) return avgPool2d(poolGeometry(attrs), in0, col);
        if (op == OpKind.AvgPool2dBackward) return avgPool2dBackward(poolGeometry(attrs), in0, col);
        revert LeafEvaluator_UnknownOp(uint256(op));
    }

    // ---------------------------------------------------------------------------------- rules

    /// @notice The averaging rule (`FixedPool.mean`): saturate(floor(sum / count + 1/2)) for
    ///         count >= 1, formed as q + (2r >= count ? 1 : 0) with q = floor(sum / count) and
    ///         r = sum - q*count in [0, count); count <= 0 saturates by the sign of sum (0 for 0).
    /// @param sum The exact sum (any int256).
    /// @param count The number of summed values.
    /// @return The mean, rounded half up, in Q16.16.
    function mean(int256 sum, int256 count) internal pure returns (int32) {
        if (count <= 0) return sum > 0 ? type(int32).max : sum < 0 ? type(int32).min : int32(0);
        int256 q = sum / count; // truncates towards zero
        int256 r = sum % count; // sign of sum
        if (r < 0) {
            q -= 1;
            r += count;
        }
        return FixedPoint.saturate(r >= count - r ? q + 1 : q);
    }

    /// @notice Index into an image row of the FIRST largest value of window (oy, ox) of channel c,
    ///         taps scanned row-major: a later tap wins only when strictly larger.
    /// @param g The pooling geometry.
    /// @param xo The calldata offset of an image row already checked to hold C*H*W values.
    /// @param c The channel.
    /// @param oy The window row.
    /// @param ox The window column.
    /// @return best The winning index.
    function winner(Geometry memory g, uint256 xo, uint256 c, uint256 oy, uint256 ox)
        internal
        pure
        returns (uint256 best)
    {
        unchecked {
            uint256 base = (c * g.h + oy * g.stride) * g.w + ox * g.stride;
            best = base;
            int256 top = _load(xo, base);
            for (uint256 ky; ky < g.kh; ++ky) {
                for (uint256 kx; kx < g.kw; ++kx) {
                    uint256 i = base + ky * g.w + kx;
                    int256 v = _load(xo, i);
                    if (v > top) {
                        top = v;
                        best = i;
                    }
                }
            }
        }
    }

    // -------------------------------------------------------------------------------- helpers

    /// @dev `channelsByRow` with its (C, S) attributes (a separate frame keeps `element` shallow).
    function _channelsByRow(bytes calldata t, uint256 row, uint256 col, uint256[] calldata attrs)
        private
        pure
        returns (int32)
    {
        (uint256 c, uint256 s) = blockAttributes(attrs);
        return channelsByRow(c, s, t, row, col);
    }

    /// @dev `addChannelBias` with its (C, S) attributes.
    function _addChannelBias(bytes calldata z, bytes calldata bias, uint256 col, uint256[] calldata attrs)
        private
        pure
        returns (int32)
    {
        (uint256 c, uint256 s) = blockAttributes(attrs);
        return addChannelBias(c, s, z, bias, col);
    }

    /// @dev Along one axis, for output coordinate o: the image coordinate `start` of tap 0 (o*s - p,
    ///      wrapped modulo 2^256 when negative, so start + tap is exact for taps inside the image)
    ///      and the taps [lo, hi) that land inside [0, size).
    function _span(uint256 o, uint256 stride, uint256 pad, uint256 k, uint256 size)
        private
        pure
        returns (Span memory sp)
    {
        uint256 pos = o * stride;
        sp.lo = pad > pos ? pad - pos : 0;
        sp.hi = size + pad > pos ? size + pad - pos : 0;
        if (sp.hi > k) sp.hi = k;
        unchecked {
            sp.start = pos - pad;
        }
    }

    /// @dev The exact conv2d sum of output position p: kernel row r = c*KH + ky against the image
    ///      row segment it covers, for the rows whose ky lands inside the image. Rows are passed as
    ///      calldata offsets (checked widths) to keep the frame shallow.
    function _convSum(Geometry memory g, uint256 xo, uint256 ko, uint256 p) private pure returns (int256 acc) {
        Span memory sy = _span(p / g.ow, g.stride, g.pad, g.kh, g.h);
        Span memory sx = _span(p % g.ow, g.stride, g.pad, g.kw, g.w);
        unchecked {
            for (uint256 r; r < g.c * g.kh; ++r) {
                uint256 ky = r % g.kh;
                if (ky < sy.lo || ky >= sy.hi) continue;
                uint256 xi = ((r / g.kh) * g.h + sy.start + ky) * g.w + sx.start;
                acc += _rowDot(xo + 4 * xi, ko + 4 * r * g.kw, sx.lo, sx.hi);
            }
        }
    }

    /// @dev sum_(t in [lo, hi)) x[t] * k[t] for packed rows starting at calldata offsets xp, kp.
    function _rowDot(uint256 xp, uint256 kp, uint256 lo, uint256 hi) private pure returns (int256 acc) {
        assembly ("memory-safe") {
            for { let t := lo } lt(t, hi) { t := add(t, 1) } {
                let a := signextend(3, shr(224, calldataload(add(xp, shl(2, t)))))
                let b := signextend(3, shr(224, calldataload(add(kp, shl(2, t)))))
                acc := add(acc, mul(a, b))
            }
        }
    }

    /// @dev The calldata offset of a packed row.
    function _offset(bytes calldata row) private pure returns (uint256 o) {
        assembly ("memory-safe") {
            o := row.offset
        }
    }

    /// @dev sum over the (oc, ky, kx) that reach pixel q = y*W + x of dY[oc, oy, ox] * KT[oc, ky, kx].
    function _inputGradSum(Geometry memory g, uint256 dyo, uint256 kto, uint256 oc, uint256 q)
        private
        pure
        returns (int256 acc)
    {
        unchecked {
            for (uint256 ky; ky < g.kh; ++ky) {
                uint256 oy = _outIndex(q / g.w, ky, g.pad, g.stride, g.oh);
                if (oy == NONE) continue;
                for (uint256 kx; kx < g.kw; ++kx) {
                    uint256 ox = _outIndex(q % g.w, kx, g.pad, g.stride, g.ow);
                    if (ox == NONE) continue;
                    acc += _strideDot(
                        dyo + 4 * (oy * g.ow + ox), kto + 4 * (ky * g.kw + kx), 4 * g.oh * g.ow, 4 * g.kh * g.kw, oc
                    );
                }
            }
        }
    }

    /// @dev sum over the batch and the output positions (oy, ox) whose tap s = ky*KW + kx lands in
    ///      the image of G[b, oy, ox] * XC[b, oy*s+ky-p, ox*s+kx-p].
    function _weightGradSum(Geometry memory g, uint256 go, uint256 xo, uint256 batch, uint256 s)
        private
        pure
        returns (int256 acc)
    {
        Range memory ry = _outRange(s / g.kw, g.stride, g.pad, g.h, g.oh);
        Range memory rx = _outRange(s % g.kw, g.stride, g.pad, g.w, g.ow);
        Strided memory st = Strided(4 * g.oh * g.ow, 4 * g.h * g.w, batch, 4 * g.stride);
        unchecked {
            // The image index (oy*s + ky - p)*W + ox*s + kx - p = s*(oy*W + ox) + ky*W + kx - p*(W + 1):
            // the (oy, ox)-free part is folded into xo (it may wrap; every index read is inside the row).
            xo += 4 * ((s / g.kw) * g.w + s % g.kw) - 4 * g.pad * (g.w + 1);
            for (uint256 oy = ry.lo; oy < ry.hi; ++oy) {
                acc += _weightGradRow(go + 4 * oy * g.ow, xo + st.pixelStep * oy * g.w, rx, st);
            }
        }
    }

    /// @dev One output row oy of `_weightGradSum`: the positions ox in rx, G and XC pointers at ox = 0.
    function _weightGradRow(uint256 gp, uint256 xp, Range memory rx, Strided memory st)
        private
        pure
        returns (int256 acc)
    {
        unchecked {
            for (uint256 ox = rx.lo; ox < rx.hi; ++ox) {
                acc += _strideDot(gp + 4 * ox, xp + st.pixelStep * ox, st.aStep, st.bStep, st.n);
            }
        }
    }

    /// @dev sum of dY[c, oy, ox] over the windows covering pixel col = c*H*W + y*W + x; with
    ///      xo != 0 only the windows whose `winner` is col (max pooling), else all (average).
    function _poolGradSum(Geometry memory g, uint256 dyo, uint256 xo, uint256 col) private pure returns (int256 acc) {
        uint256 plane = g.h * g.w;
        uint256 c = col / plane;
        Range memory ry = _windows((col % plane) / g.w, g.kh, g.stride, g.oh);
        Range memory rx = _windows(col % g.w, g.kw, g.stride, g.ow);
        unchecked {
            for (uint256 oy = ry.lo; oy < ry.hi; ++oy) {
                for (uint256 ox = rx.lo; ox < rx.hi; ++ox) {
                    if (xo == 0 || winner(g, xo, c, oy, ox) == col) acc += _load(dyo, (c * g.oh + oy) * g.ow + ox);
                }
            }
        }
    }

    /// @dev sum_(o < n) a[o*aStep] * b[o*bStep] for packed values at calldata offsets ap, bp (steps
    ///      in bytes).
    function _strideDot(uint256 ap, uint256 bp, uint256 aStep, uint256 bStep, uint256 n)
        private
        pure
        returns (int256 acc)
    {
        assembly ("memory-safe") {
            for { let end := add(ap, mul(n, aStep)) } lt(ap, end) {
                ap := add(ap, aStep)
                bp := add(bp, bStep)
            } {
                let a := signextend(3, shr(224, calldataload(ap)))
                let b := signextend(3, shr(224, calldataload(bp)))
                acc := add(acc, mul(a, b))
            }
        }
    }

    /// @dev The output positions [lo, hi) along one axis whose tap t lands inside [0, size):
    ///      0 <= o*s + t - p < size, o < out.
    function _outRange(uint256 t, uint256 stride, uint256 pad, uint256 size, uint256 out)
        private
        pure
        returns (Range memory r)
    {
        r.lo = pad > t ? (pad - t + stride - 1) / stride : 0;
        r.hi = size + pad > t ? (size + pad - t - 1) / stride + 1 : 0;
        if (r.hi > out) r.hi = out;
        if (r.lo > r.hi) r.lo = r.hi;
    }

    /// @dev The output index o with o*s + tap - pad == pixel inside [0, out), or NONE.
    function _outIndex(uint256 pixel, uint256 tap, uint256 pad, uint256 stride, uint256 out)
        private
        pure
        returns (uint256)
    {
        if (pixel + pad < tap) return NONE;
        uint256 t = pixel + pad - tap;
        if (t % stride != 0 || t / stride >= out) return NONE;
        return t / stride;
    }

    /// @dev The windows [lo, hi) along one axis that cover pixel v: o*s <= v <= o*s + size - 1.
    function _windows(uint256 v, uint256 size, uint256 stride, uint256 out) private pure returns (Range memory r) {
        r.lo = v + 1 > size ? (v + 1 - size + stride - 1) / stride : 0;
        r.hi = v / stride + 1;
        if (r.hi > out) r.hi = out;
        if (r.lo > r.hi) r.lo = r.hi;
    }

    /// @dev Packed value i of the row at calldata offset o (the caller has checked i is inside it).
    function _load(uint256 o, uint256 i) private pure returns (int256 v) {
        assembly ("memory-safe") {
            v := signextend(3, shr(224, calldataload(add(o, shl(2, i)))))
        }
    }

    /// @dev Element i of a packed row (the caller has checked i is inside it).
    function _at(bytes calldata row, uint256 i) private pure returns (int256 v) {
        assembly ("memory-safe") {
            v := signextend(3, shr(224, calldataload(add(row.offset, shl(2, i)))))
        }
    }

    /// @dev Reverts unless the row holds exactly `n` packed values.
    function _requireWidth(bytes calldata row, uint256 n) private pure {
        uint256 cols = FixedPoint.cols(row);
        // INVARIANT: the attributes fix the width of every revealed row.
        if (cols != n) revert ConvOps_RowWidth(n, cols);
    }

    /// @dev Reverts unless the output column exists.
    function _requireColumn(uint256 col, uint256 cols) private pure {
        // INVARIANT: the element exists.
        if (col >= cols) revert FixedPoint_ColumnOutOfRange(col, cols);
    }

    /// @dev The number of whole blocks of `blockSize` values in a row (reverts for a partial block or
    ///      an empty row).
    function _blocks(bytes calldata row, uint256 blockSize) private pure returns (uint256 n) {
        uint256 cols = FixedPoint.cols(row);
        // INVARIANT: kernels and channel rows are whole blocks (OC*KH*KW, B*H*W).
        if (cols == 0 || cols % blockSize != 0) revert ConvOps_RowNotWhole(cols, blockSize);
        return cols / blockSize;
    }
}
