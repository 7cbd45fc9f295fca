// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {VectorTest} from "./VectorTest.sol";
import {ConvOpsHarness} from "../../harness/ConvOpsHarness.sol";
import {OpKind} from "../../src/types/DisputeTypes.sol";
import {
    FixedPoint_RowNotPacked,
    FixedPoint_ColumnOutOfRange,
    LeafEvaluator_NotASingleEntry,
    LeafEvaluator_UnknownOp,
    ConvOps_AttributeCount,
    ConvOps_AttributeOutOfRange,
    ConvOps_WindowTooLarge,
    ConvOps_RowWidth,
    ConvOps_RowNotWhole,
    ConvOps_RowOutOfRange
} from "../../src/dispute/lib/Errors.sol";

/// @notice Mirror tests of the convolution and pooling element functions: every case of core's
///         shared file core/src/test/resources/vectors/conv-ops.json (written by the Java rules,
///         `ConvOpsVectors`) must come out bit for bit through `ConvOpsHarness`; malformed inputs
///         revert with their specific errors; fuzz tests show totality on well-formed inputs;
///         `test_gas_*` measure one element at LeNet-5 sizes (28x28 input, 5x5 kernels, 6 and 16
///         channels, batch 32).
contract ConvOpsTest is VectorTest {
    ConvOpsHarness private h;

    function setUp() public {
        h = new ConvOpsHarness();
        // read once here: a test that reads the file pays gas for the checkout's path length
        json = _vectors("conv-ops.json");
    }

    // ---------------------------------------------------------------------------- JSON helpers

    function _opKind(string memory name) private pure returns (uint8) {
        bytes32 n = keccak256(bytes(name));
        if (n == keccak256("conv2d")) return uint8(OpKind.Conv2d);
        if (n == keccak256("conv2d_input_grad")) return uint8(OpKind.Conv2dInputGrad);
        if (n == keccak256("channels_by_row")) return uint8(OpKind.ChannelsByRow);
        if (n == keccak256("conv2d_weight_grad")) return uint8(OpKind.Conv2dWeightGrad);
        if (n == keccak256("add_channel_bias")) return uint8(OpKind.AddChannelBias);
        if (n == keccak256("max_pool2d")) return uint8(OpKind.MaxPool2d);
        if (n == keccak256("max_pool2d_backward")) return uint8(OpKind.MaxPool2dBackward);
        if (n == keccak256("avg_pool2d")) return uint8(OpKind.AvgPool2d);
        if (n == keccak256("avg_pool2d_backward")) return uint8(OpKind.AvgPool2dBackward);
        revert(string.concat("unknown op in vectors: ", name));
    }

    // ---------------------------------------------------------------------------------- vectors

    // The vector file is read into memory per test (a 200 KB storage string costs a fortune per
    // cheatcode call).

    function test_vectors_everyOpElement() public view {
        string memory doc = json;
        uint256 n = _count(doc, "ops");
        uint256[] memory perKind = new uint256[](256);
        for (uint256 i; i < n; ++i) {
            uint8 op = _opKind(vm.parseJsonString(doc, _k("ops", i, ".op")));
            ++perKind[op];
            uint256[] memory pos = vm.parseJsonUintArray(doc, _k("ops", i, ".position"));
            uint256[] memory attrs = vm.parseJsonUintArray(doc, _k("ops", i, ".attributes"));
            assertEq(vm.parseJsonUint(doc, _k("ops", i, ".rows[0].input")), 0, "first row is input 0");
            bytes memory in0 = _pack(vm.parseJsonIntArray(doc, _k("ops", i, ".rows[0].values")));
            bytes memory in1;
            if (vm.keyExistsJson(doc, _k("ops", i, ".rows[1]"))) {
                assertEq(vm.parseJsonUint(doc, _k("ops", i, ".rows[1].input")), 1, "second row is input 1");
                in1 = _pack(vm.parseJsonIntArray(doc, _k("ops", i, ".rows[1].values")));
            }
            int256 got = h.element(op, pos[0], pos[1], in0, in1, attrs);
            assertEq(got, vm.parseJsonInt(doc, _k("ops", i, ".out")), string.concat("ops #", vm.toString(i)));
        }
        for (uint256 k = uint8(OpKind.Conv2d); k <= uint8(OpKind.AvgPool2dBackward); ++k) {
            assertGe(perKind[k], 8, string.concat("vectors of op kind ", vm.toString(k)));
        }
    }

    function test_vectors_mean() public view {
        string memory doc = json;
        uint256 n = _count(doc, "mean");
        assertGt(n, 0, "no mean vectors");
        for (uint256 i; i < n; ++i) {
            int256 got =
                h.mean(vm.parseJsonInt(doc, _k("mean", i, ".sum")), vm.parseJsonInt(doc, _k("mean", i, ".count")));
            assertEq(got, vm.parseJsonInt(doc, _k("mean", i, ".out")), string.concat("mean #", vm.toString(i)));
        }
    }

    // ------------------------------------------------------------------------ malformed input

    function _conv(uint256 c, uint256 hw, uint256 k, uint256 s, uint256 p) private pure returns (uint256[] memory a) {
        a = new uint256[](7);
        (a[0], a[1], a[2], a[3], a[4], a[5], a[6]) = (c, hw, hw, k, k, s, p);
    }

    function _pool(uint256 c, uint256 hw, uint256 size, uint256 s) private pure returns (uint256[] memory a) {
        a = new uint256[](5);
        (a[0], a[1], a[2], a[3], a[4]) = (c, hw, hw, size, s);
    }

    function test_attributeCount_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ConvOps_AttributeCount.selector, 7, 5));
        h.element(uint8(OpKind.Conv2d), 0, 0, new bytes(4), new bytes(4), _pool(1, 1, 1, 1));
        vm.expectRevert(abi.encodeWithSelector(ConvOps_AttributeCount.selector, 5, 7));
        h.element(uint8(OpKind.MaxPool2d), 0, 0, new bytes(4), "", _conv(1, 1, 1, 1, 0));
        vm.expectRevert(abi.encodeWithSelector(ConvOps_AttributeCount.selector, 2, 5));
        h.element(uint8(OpKind.ChannelsByRow), 0, 0, new bytes(4), "", _pool(1, 1, 1, 1));
    }

    function test_attributeOutOfRange_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ConvOps_AttributeOutOfRange.selector, 5, 0));
        h.element(uint8(OpKind.Conv2d), 0, 0, new bytes(4), new bytes(4), _conv(1, 1, 1, 0, 0));
        vm.expectRevert(abi.encodeWithSelector(ConvOps_AttributeOutOfRange.selector, 6, uint256(2 ** 31)));
        h.element(uint8(OpKind.Conv2d), 0, 0, new bytes(4), new bytes(4), _conv(1, 1, 1, 1, 2 ** 31));
        vm.expectRevert(abi.encodeWithSelector(ConvOps_AttributeOutOfRange.selector, 0, 0));
        h.element(uint8(OpKind.AvgPool2d), 0, 0, new bytes(4), "", _pool(0, 1, 1, 1));
        vm.expectRevert(abi.encodeWithSelector(ConvOps_AttributeOutOfRange.selector, 1, 0));
        h.element(uint8(OpKind.AddChannelBias), 0, 0, new bytes(4), new bytes(4), _two(1, 0));
    }

    function test_windowTooLarge_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ConvOps_WindowTooLarge.selector, 6, 5));
        h.element(uint8(OpKind.Conv2d), 0, 0, new bytes(36), new bytes(144), _conv(1, 3, 6, 1, 1));
        vm.expectRevert(abi.encodeWithSelector(ConvOps_WindowTooLarge.selector, 3, 2));
        h.element(uint8(OpKind.MaxPool2dBackward), 0, 0, new bytes(4), new bytes(16), _pool(1, 2, 3, 1));
    }

    function test_rowWidth_reverts() public {
        // conv2d over 1x4x4 with a 3x3 kernel: X rows have 16 values, K rows 9.
        vm.expectRevert(abi.encodeWithSelector(ConvOps_RowWidth.selector, 16, 15));
        h.element(uint8(OpKind.Conv2d), 0, 0, new bytes(60), new bytes(36), _conv(1, 4, 3, 1, 0));
        vm.expectRevert(abi.encodeWithSelector(ConvOps_RowWidth.selector, 9, 8));
        h.element(uint8(OpKind.Conv2d), 0, 0, new bytes(64), new bytes(32), _conv(1, 4, 3, 1, 0));
        // conv2d_input_grad: two output channels (KT row 18) need dY rows of 2 * 2 * 2 = 8.
        vm.expectRevert(abi.encodeWithSelector(ConvOps_RowWidth.selector, 8, 4));
        h.element(uint8(OpKind.Conv2dInputGrad), 0, 0, new bytes(16), new bytes(72), _conv(1, 4, 3, 1, 0));
        vm.expectRevert(abi.encodeWithSelector(ConvOps_RowWidth.selector, 6, 4));
        h.element(uint8(OpKind.ChannelsByRow), 0, 0, new bytes(16), "", _two(2, 3));
    }

    function test_rowNotWhole_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ConvOps_RowNotWhole.selector, 10, 9));
        h.element(uint8(OpKind.Conv2dInputGrad), 0, 0, new bytes(16), new bytes(40), _conv(1, 4, 3, 1, 0));
        vm.expectRevert(abi.encodeWithSelector(ConvOps_RowNotWhole.selector, 0, 16));
        h.element(uint8(OpKind.Conv2dWeightGrad), 0, 0, new bytes(16), "", _conv(1, 4, 3, 1, 0));
    }

    function test_rowNotPacked_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_RowNotPacked.selector, 6));
        h.element(uint8(OpKind.MaxPool2d), 0, 0, new bytes(6), "", _pool(1, 1, 1, 1));
    }

    function test_positionOutside_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(ConvOps_RowOutOfRange.selector, 2, 2));
        h.element(uint8(OpKind.ChannelsByRow), 2, 0, new bytes(24), "", _two(2, 3));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 4, 4));
        h.element(uint8(OpKind.MaxPool2d), 0, 4, new bytes(64), "", _pool(1, 4, 2, 2));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 16, 16));
        h.element(uint8(OpKind.AvgPool2dBackward), 0, 16, new bytes(16), "", _pool(1, 4, 2, 2));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 9, 9));
        h.element(uint8(OpKind.Conv2dWeightGrad), 0, 9, new bytes(16), new bytes(64), _conv(1, 4, 3, 1, 0));
    }

    function test_biasRowNotSingle_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(LeafEvaluator_NotASingleEntry.selector, 8));
        h.element(uint8(OpKind.AddChannelBias), 0, 0, new bytes(24), new bytes(8), _two(2, 3));
    }

    function test_otherFamiliesAndUnknownKinds_revert() public {
        vm.expectRevert(abi.encodeWithSelector(LeafEvaluator_UnknownOp.selector, uint256(OpKind.MatMul)));
        h.element(uint8(OpKind.MatMul), 0, 0, new bytes(4), new bytes(4), _two(1, 1));
        vm.expectRevert(abi.encodeWithSelector(LeafEvaluator_UnknownOp.selector, 255));
        h.element(255, 0, 0, new bytes(4), new bytes(4), _two(1, 1));
    }

    function test_batchLengthMismatch_reverts() public {
        vm.expectRevert(ConvOpsHarness.ConvOpsHarness_LengthMismatch.selector);
        h.elementBatch(
            uint8(OpKind.MaxPool2d),
            new uint256[](2),
            new uint256[](1),
            new bytes[](2),
            new bytes[](2),
            _pool(1, 1, 1, 1)
        );
    }

    // ------------------------------------------------------------------------ totality (fuzz)

    /// @dev A random well-formed convolution geometry (C <= 3, planes <= 8x8, kernel <= 5x5).
    function _randomConv(uint256 seed) private pure returns (uint256[] memory a, uint256 oh, uint256 ow) {
        a = new uint256[](7);
        a[6] = seed % 3;
        a[0] = 1 + (seed >> 8) % 3;
        a[1] = 1 + (seed >> 16) % 8;
        a[2] = 1 + (seed >> 24) % 8;
        a[3] = 1 + (seed >> 32) % _min(5, a[1] + 2 * a[6]);
        a[4] = 1 + (seed >> 40) % _min(5, a[2] + 2 * a[6]);
        a[5] = 1 + (seed >> 48) % 3;
        oh = (a[1] + 2 * a[6] - a[3]) / a[5] + 1;
        ow = (a[2] + 2 * a[6] - a[4]) / a[5] + 1;
    }

    function _min(uint256 x, uint256 y) private pure returns (uint256) {
        return x < y ? x : y;
    }

    function testFuzz_convElements_total(uint256 seed, uint8 which, uint256 col, uint8 extra) public view {
        (uint256[] memory a, uint256 oh, uint256 ow) = _randomConv(seed);
        uint256 n = 1 + extra % 3; // output channels (conv, input grad) or batch (weight grad)
        which = uint8(bound(which, 0, 2));
        if (which == 0) _conv2dCase(seed, a, bound(col, 0, n * oh * ow - 1), n);
        else if (which == 1) _inputGradCase(seed, a, bound(col, 0, a[0] * a[1] * a[2] - 1), n * oh * ow, n);
        else _weightGradCase(seed, a, bound(col, 0, a[0] * a[3] * a[4] - 1), n * oh * ow, n);
    }

    function _conv2dCase(uint256 seed, uint256[] memory a, uint256 col, uint256) private view {
        bytes memory x = _randomRow(seed, a[0] * a[1] * a[2]);
        bytes memory k = _randomRow(~seed, a[0] * a[3] * a[4]);
        h.element(uint8(OpKind.Conv2d), 0, col, x, k, a);
    }

    function _inputGradCase(uint256 seed, uint256[] memory a, uint256 col, uint256 outWidth, uint256 oc) private view {
        bytes memory dy = _randomRow(seed, outWidth);
        bytes memory kt = _randomRow(~seed, oc * a[3] * a[4]);
        h.element(uint8(OpKind.Conv2dInputGrad), 0, col, dy, kt, a);
    }

    function _weightGradCase(uint256 seed, uint256[] memory a, uint256 col, uint256 outWidth, uint256 batch)
        private
        view
    {
        bytes memory gr = _randomRow(seed, outWidth);
        bytes memory xc = _randomRow(~seed, batch * a[1] * a[2]);
        h.element(uint8(OpKind.Conv2dWeightGrad), 0, col, gr, xc, a);
    }

    function testFuzz_poolElements_total(uint256 seed, uint8 which, uint256 col) public view {
        uint256[] memory a = new uint256[](5);
        a[0] = 1 + seed % 3;
        a[1] = 1 + (seed >> 8) % 8;
        a[2] = 1 + (seed >> 16) % 8;
        a[3] = 1 + (seed >> 24) % _min(a[1], a[2]);
        a[4] = 1 + (seed >> 32) % 3;
        uint256 pooled = a[0] * ((a[1] - a[3]) / a[4] + 1) * ((a[2] - a[3]) / a[4] + 1);
        uint256 image = a[0] * a[1] * a[2];
        bytes memory x = _randomRow(seed, image);
        bytes memory dy = _randomRow(~seed, pooled);
        which = uint8(bound(which, 0, 3));
        if (which == 0) {
            h.element(uint8(OpKind.MaxPool2d), 0, bound(col, 0, pooled - 1), x, "", a);
            h.element(uint8(OpKind.AvgPool2d), 0, bound(col, 0, pooled - 1), x, "", a);
        } else if (which == 1) {
            h.element(uint8(OpKind.MaxPool2dBackward), 0, bound(col, 0, image - 1), dy, x, a);
        } else {
            h.element(uint8(OpKind.AvgPool2dBackward), 0, bound(col, 0, image - 1), dy, "", a);
        }
    }

    function testFuzz_maxIsAtLeastAverage(uint256 seed, uint256 col) public view {
        uint256[] memory a = _pool(2, 6, 3, 2);
        bytes memory x = _randomRow(seed, 72);
        col = bound(col, 0, 7);
        int256 m = h.element(uint8(OpKind.MaxPool2d), 0, col, x, "", a);
        int256 avg = h.element(uint8(OpKind.AvgPool2d), 0, col, x, "", a);
        assertTrue(avg <= m, "a window's mean never exceeds its maximum");
    }

    function testFuzz_layoutAndBias_total(uint256 seed, uint8 c, uint8 s, uint256 row, uint256 col) public view {
        uint256 channels = bound(c, 1, 8);
        uint256 blockSize = bound(s, 1, 32);
        bytes memory t = _randomRow(seed, channels * blockSize);
        row = bound(row, 0, channels - 1);
        col = bound(col, 0, channels * blockSize - 1);
        int256 v = h.element(uint8(OpKind.ChannelsByRow), row, col, t, "", _two(channels, blockSize));
        assertEq(v, int256(int32(uint32(bytes4(_slice4(t, row * blockSize + col % blockSize))))), "moves a value");
        h.element(uint8(OpKind.AddChannelBias), 0, col, t, _randomRow(~seed, 1), _two(channels, blockSize));
    }

    function testFuzz_mean_total(int256 sum, int256 count) public view {
        int256 m = h.mean(sum, count);
        if (count > 0 && count < 2 ** 128 && sum >= type(int32).min && sum <= type(int32).max) {
            // m = floor((2 sum + count) / (2 count)): within half a unit of sum / count, halves up.
            assertTrue(2 * m * count <= 2 * sum + count && 2 * sum + count < 2 * (m + 1) * count, "rounded half up");
        }
    }

    function testFuzz_mean_powerOfTwoIsRoundShift(int64 sum, uint8 k) public view {
        uint256 shift = bound(k, 1, 20);
        int256 expected = (int256(sum) + int256(1 << (shift - 1))) >> shift;
        if (expected > type(int32).max) expected = type(int32).max;
        if (expected < type(int32).min) expected = type(int32).min;
        assertEq(h.mean(sum, int256(1 << shift)), expected, "count 2^k is roundShift(sum, k)");
    }

    // ------------------------------------------------------------------------------------ gas

    /// @dev A row of n arbitrary int32 values, 8 per keccak word (cheap enough for 25,088 values).
    function _noise(uint256 seed, uint256 n) private pure returns (bytes memory out) {
        out = new bytes(n * 4);
        for (uint256 i; i < out.length; i += 32) {
            bytes32 w = keccak256(abi.encode(seed, i));
            assembly ("memory-safe") {
                mstore(add(add(out, 32), i), w)
            }
        }
    }

    function _gas(string memory what, uint8 op, uint256 col, bytes memory in0, bytes memory in1, uint256[] memory a)
        private
        returns (uint256 used)
    {
        h.element(op, 0, col, in0, in1, a); // unmetered warm-up: expands the caller's memory once
        vm.resumeGasMetering();
        uint256 before = gasleft();
        h.element(op, 0, col, in0, in1, a);
        used = before - gasleft();
        vm.pauseGasMetering();
        emit log_named_uint(what, used);
    }

    /// @notice conv2d elements of LeNet's two layers: 1x28x28 input, 5x5 kernel, padding 2 (25
    ///         taps), and 6x14x14 input, 5x5 kernel (150 taps); an interior position.
    function test_gas_conv2d() public {
        vm.pauseGasMetering();
        uint256 g1 = _gas(
            "conv2d 1x28x28 k5 p2 (25 taps)",
            uint8(OpKind.Conv2d),
            3 * 784 + 300,
            _noise(1, 784),
            _noise(2, 25),
            _conv(1, 28, 5, 1, 2)
        );
        uint256 g2 = _gas(
            "conv2d 6x14x14 k5 (150 taps)",
            uint8(OpKind.Conv2d),
            5 * 100 + 55,
            _noise(3, 1176),
            _noise(4, 150),
            _conv(6, 14, 5, 1, 0)
        );
        assertLt(g1, 40_000, "conv1 element gas");
        assertLt(g2, 150_000, "conv2 element gas");
        vm.resumeGasMetering();
    }

    /// @notice conv2d_input_grad of LeNet's second layer: dY rows 16x10x10, KT rows 16x5x5; a pixel
    ///         that 25 output positions of 16 channels read (400 terms).
    function test_gas_conv2dInputGrad() public {
        vm.pauseGasMetering();
        uint256 g = _gas(
            "conv2d_input_grad 16x10x10 -> 6x14x14 (400 terms)",
            uint8(OpKind.Conv2dInputGrad),
            2 * 196 + 7 * 14 + 7,
            _noise(5, 1600),
            _noise(6, 400),
            _conv(6, 14, 5, 1, 0)
        );
        assertLt(g, 400_000, "input gradient element gas");
        vm.resumeGasMetering();
    }

    /// @notice channels_by_row of a 16x10x10 gradient batch row.
    function test_gas_channelsByRow() public {
        vm.pauseGasMetering();
        uint256 g =
            _gas("channels_by_row 16x100", uint8(OpKind.ChannelsByRow), 1234, _noise(7, 1600), "", _two(16, 100));
        assertLt(g, 20_000, "layout element gas");
        vm.resumeGasMetering();
    }

    /// @notice conv2d_weight_grad at batch 32: LeNet's second layer (32x10x10 = 3,200 terms) and
    ///         first layer (32x28x28 = 25,088 terms, rows of 100 KB).
    function test_gas_conv2dWeightGrad() public {
        vm.pauseGasMetering();
        uint256 g2 = _gas(
            "conv2d_weight_grad conv2 batch 32 (3200 terms)",
            uint8(OpKind.Conv2dWeightGrad),
            3 * 25 + 12,
            _noise(8, 3200),
            _noise(9, 6272),
            _conv(6, 14, 5, 1, 0)
        );
        uint256 g1 = _gas(
            "conv2d_weight_grad conv1 batch 32 (25088 terms)",
            uint8(OpKind.Conv2dWeightGrad),
            12,
            _noise(10, 25088),
            _noise(11, 25088),
            _conv(1, 28, 5, 1, 2)
        );
        assertLt(g2, 1_500_000, "conv2 weight gradient element gas");
        assertLt(g1, 12_000_000, "conv1 weight gradient element gas");
        vm.resumeGasMetering();
    }

    /// @notice add_channel_bias of a 6x28x28 conv output row.
    function test_gas_addChannelBias() public {
        vm.pauseGasMetering();
        uint256 g = _gas(
            "add_channel_bias 6x784", uint8(OpKind.AddChannelBias), 4000, _noise(12, 4704), _noise(13, 1), _two(6, 784)
        );
        assertLt(g, 20_000, "bias element gas");
        vm.resumeGasMetering();
    }

    /// @notice Pooling of a 6x28x28 row with 2x2 windows at stride 2 (LeNet's first pooling).
    function test_gas_pooling() public {
        vm.pauseGasMetering();
        uint256[] memory a = _pool(6, 28, 2, 2);
        uint256 m = _gas("max_pool2d 6x28x28 2x2/2", uint8(OpKind.MaxPool2d), 900, _noise(14, 4704), "", a);
        uint256 mb = _gas(
            "max_pool2d_backward 6x28x28 2x2/2",
            uint8(OpKind.MaxPool2dBackward),
            3001,
            _noise(15, 1176),
            _noise(14, 4704),
            a
        );
        uint256 v = _gas("avg_pool2d 6x28x28 2x2/2", uint8(OpKind.AvgPool2d), 900, _noise(14, 4704), "", a);
        uint256 vb =
            _gas("avg_pool2d_backward 6x28x28 2x2/2", uint8(OpKind.AvgPool2dBackward), 3001, _noise(15, 1176), "", a);
        uint256[] memory o = _pool(6, 28, 3, 1);
        uint256 mo = _gas(
            "max_pool2d_backward 6x28x28 3x3/1 (9 windows)",
            uint8(OpKind.MaxPool2dBackward),
            3001,
            _noise(16, 6 * 26 * 26),
            _noise(14, 4704),
            o
        );
        assertLt(m + v, 80_000, "pooling element gas");
        assertLt(mb + vb, 80_000, "pooling gradient element gas");
        assertLt(mo, 150_000, "overlapping max-pool gradient element gas");
        vm.resumeGasMetering();
    }
}
