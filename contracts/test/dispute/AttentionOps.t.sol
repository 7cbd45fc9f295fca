// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {VectorTest} from "./VectorTest.sol";
import {AttentionOpsHarness} from "../../harness/AttentionOpsHarness.sol";
import {LeafEvaluatorHarness} from "../../harness/LeafEvaluatorHarness.sol";
import {OpKind} from "../../src/types/DisputeTypes.sol";
import {
    FixedPoint_RowNotPacked,
    FixedPoint_RowLengthMismatch,
    FixedPoint_ColumnOutOfRange,
    LeafEvaluator_UnknownOp,
    AttentionOps_AttributeCount,
    AttentionOps_AttributeOutOfRange,
    AttentionOps_HeadsDoNotDivide,
    AttentionOps_RowWidth,
    AttentionOps_PrefixTooLong
} from "../../src/dispute/lib/Errors.sol";

/// @notice Mirror tests of the attention evaluator: every vector of core's shared file
///         core/src/test/resources/vectors/attention-ops.json (written by the Java rules,
///         `AttentionOpsVectors`) must come out bit for bit from `AttentionOps`, called through
///         `AttentionOpsHarness` as the Java differential test calls it. Malformed inputs revert
///         with their specific errors; fuzz tests show totality and the ops' algebra (split/merge
///         are inverse layouts, the causal mask never reads a later key); `test_gas_*` record the
///         cost of one element at T = 64, dh = 16 and 32.
contract AttentionOpsTest is VectorTest {
    AttentionOpsHarness private h;

    function setUp() public {
        h = new AttentionOpsHarness();
        json = _vectors("attention-ops.json");
    }

    // ----------------------------------------------------------------------------- JSON reading

    function _opKind(string memory name) private pure returns (uint8) {
        bytes32 n = keccak256(bytes(name));
        if (n == keccak256("split_heads")) return uint8(OpKind.SplitHeads);
        if (n == keccak256("merge_heads")) return uint8(OpKind.MergeHeads);
        if (n == keccak256("block_matmul")) return uint8(OpKind.BlockMatMul);
        if (n == keccak256("block_transpose")) return uint8(OpKind.BlockTranspose);
        if (n == keccak256("scale")) return uint8(OpKind.ScaleBy);
        if (n == keccak256("causal_softmax")) return uint8(OpKind.CausalSoftmax);
        if (n == keccak256("softmax_backward")) return uint8(OpKind.SoftmaxBackward);
        revert(string.concat("unknown op in vectors: ", name));
    }

    function _attrs(string memory key) private view returns (uint256[] memory a) {
        if (!vm.keyExistsJson(json, string.concat(key, "[0]"))) return a;
        return vm.parseJsonUintArray(json, key);
    }

    // -------------------------------------------------------------------------------- vectors

    /// @dev Every case lists the rows its element depends on (input 0, then input 1).
    function test_vectors_everyOpElement() public view {
        uint256 n = _count("ops");
        uint256 kinds;
        uint256[16] memory perKind;
        for (uint256 i; i < n; ++i) {
            uint8 op = _opKind(vm.parseJsonString(json, _k("ops", i, ".op")));
            kinds |= 1 << op;
            ++perKind[op - uint8(OpKind.SplitHeads)];
            uint256[] memory pos = vm.parseJsonUintArray(json, _k("ops", i, ".position"));
            bytes memory in0 = _row(_k("ops", i, ".rows[0].values"));
            bytes memory in1;
            if (vm.keyExistsJson(json, _k("ops", i, ".rows[1]"))) {
                assertEq(vm.parseJsonUint(json, _k("ops", i, ".rows[1].input")), 1, "second row is input 1");
                in1 = _row(_k("ops", i, ".rows[1].values"));
            }
            int256 got = h.element(op, pos[0], pos[1], in0, in1, _attrs(_k("ops", i, ".attrs")));
            assertEq(got, vm.parseJsonInt(json, _k("ops", i, ".out")), string.concat("ops #", vm.toString(i)));
        }
        assertEq(kinds, uint256(0x7F) << uint8(OpKind.SplitHeads), "every attention op has vectors");
        for (uint256 k; k < 7; ++k) {
            assertGe(perKind[k], 8, "at least 8 cases per op");
        }
    }

    function test_vectors_softmaxPrefix() public view {
        uint256 n = _count("softmaxPrefix");
        assertGe(n, 8, "softmaxPrefix vectors");
        for (uint256 i; i < n; ++i) {
            int256 got = h.softmaxPrefixAt(
                _row(_k("softmaxPrefix", i, ".logits")),
                vm.parseJsonUint(json, _k("softmaxPrefix", i, ".n")),
                vm.parseJsonUint(json, _k("softmaxPrefix", i, ".k"))
            );
            assertEq(
                got, vm.parseJsonInt(json, _k("softmaxPrefix", i, ".out")), string.concat("prefix #", vm.toString(i))
            );
        }
    }

    // ------------------------------------------------------------------------ malformed input

    function test_attributeCount_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(AttentionOps_AttributeCount.selector, uint256(OpKind.SplitHeads), 2, 1));
        h.element(uint8(OpKind.SplitHeads), 0, 0, new bytes(8), "", _one(2));
        vm.expectRevert(
            abi.encodeWithSelector(AttentionOps_AttributeCount.selector, uint256(OpKind.SoftmaxBackward), 0, 1)
        );
        h.element(uint8(OpKind.SoftmaxBackward), 0, 0, new bytes(8), new bytes(8), _one(2));
    }

    function test_attributeOutOfRange_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(AttentionOps_AttributeOutOfRange.selector, 1, 0));
        h.element(uint8(OpKind.BlockMatMul), 0, 0, new bytes(8), new bytes(8), _two(2, 0));
        vm.expectRevert(abi.encodeWithSelector(AttentionOps_AttributeOutOfRange.selector, 0, 2 ** 31));
        h.element(uint8(OpKind.CausalSoftmax), 0, 0, new bytes(8), "", _one(2 ** 31));
        vm.expectRevert(abi.encodeWithSelector(AttentionOps_AttributeOutOfRange.selector, 0, 2 ** 31));
        h.element(uint8(OpKind.ScaleBy), 0, 0, new bytes(8), "", _one(2 ** 31));
    }

    function test_splitHeads_headsDoNotDivide_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(AttentionOps_HeadsDoNotDivide.selector, 5, 2));
        h.element(uint8(OpKind.SplitHeads), 0, 0, new bytes(20), "", _two(3, 2));
    }

    function test_rowWidthAgainstAttributes_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(AttentionOps_RowWidth.selector, 4, 3));
        h.element(uint8(OpKind.MergeHeads), 0, 0, new bytes(12), "", _three(2, 2, 4));
        vm.expectRevert(abi.encodeWithSelector(AttentionOps_RowWidth.selector, 2, 3));
        h.element(uint8(OpKind.BlockTranspose), 0, 0, new bytes(12), "", _two(4, 2));
        vm.expectRevert(abi.encodeWithSelector(AttentionOps_RowWidth.selector, 4, 5));
        h.element(uint8(OpKind.CausalSoftmax), 0, 0, new bytes(20), "", _one(4));
    }

    function test_prefixTooLong_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(AttentionOps_PrefixTooLong.selector, 4, 3));
        h.softmaxPrefixAt(new bytes(12), 4, 0);
    }

    function test_columnOutsideTheOutput_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 3, 3));
        h.element(uint8(OpKind.SplitHeads), 0, 3, new bytes(24), "", _two(1, 2));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 6, 6));
        h.element(uint8(OpKind.MergeHeads), 0, 6, new bytes(8), "", _three(1, 3, 2));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 2, 2));
        h.element(uint8(OpKind.BlockMatMul), 0, 2, new bytes(8), new bytes(8), _two(3, 2));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 3, 3));
        h.element(uint8(OpKind.BlockTranspose), 0, 3, new bytes(8), "", _two(3, 2));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 3, 3));
        h.element(uint8(OpKind.CausalSoftmax), 5, 3, new bytes(12), "", _one(3));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 2, 2));
        h.element(uint8(OpKind.ScaleBy), 0, 2, new bytes(8), "", _one(1));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 2, 2));
        h.element(uint8(OpKind.SoftmaxBackward), 0, 2, new bytes(8), new bytes(8), new uint256[](0));
    }

    function test_pairedRowsOfDifferentWidth_revert() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_RowLengthMismatch.selector, 8, 12));
        h.element(uint8(OpKind.BlockMatMul), 0, 0, new bytes(8), new bytes(12), _two(1, 1));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_RowLengthMismatch.selector, 12, 8));
        h.element(uint8(OpKind.SoftmaxBackward), 0, 0, new bytes(12), new bytes(8), new uint256[](0));
    }

    function test_rowNotPacked_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_RowNotPacked.selector, 6));
        h.element(uint8(OpKind.ScaleBy), 0, 0, new bytes(6), "", _one(1));
    }

    function test_otherKinds_revertUnknownOp() public {
        vm.expectRevert(abi.encodeWithSelector(LeafEvaluator_UnknownOp.selector, uint256(OpKind.MatMul)));
        h.element(uint8(OpKind.MatMul), 0, 0, new bytes(4), new bytes(4), new uint256[](0));
        vm.expectRevert(abi.encodeWithSelector(LeafEvaluator_UnknownOp.selector, uint256(OpKind.GatherRows)));
        h.element(uint8(OpKind.GatherRows), 0, 0, new bytes(4), "", new uint256[](0));
        vm.expectRevert(abi.encodeWithSelector(LeafEvaluator_UnknownOp.selector, 250));
        h.element(250, 0, 0, new bytes(4), "", new uint256[](0));
    }

    function test_batchLengthMismatch_reverts() public {
        vm.expectRevert(AttentionOpsHarness.AttentionOpsHarness_LengthMismatch.selector);
        h.elementBatch(
            uint8(OpKind.ScaleBy), new uint256[](2), new uint256[](1), new bytes[](2), new bytes[](2), _one(1)
        );
    }

    // ------------------------------------------------------------------------ totality (fuzz)

    /// @dev `n` int32s drawn from `seed`: extremes (MIN, MAX, 0, ±1, ±ONE), small magnitudes and
    ///      attention-like scores within ±8.0, and arbitrary values.
    function _values(uint256 seed, uint256 n) private pure returns (int256[] memory v) {
        v = new int256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 x = uint256(keccak256(abi.encode(seed, i)));
            uint256 pick = x % 16;
            if (pick == 0) v[i] = type(int32).min;
            else if (pick == 1) v[i] = type(int32).max;
            else if (pick == 2) v[i] = 0;
            else if (pick == 3) v[i] = 1;
            else if (pick == 4) v[i] = -1;
            else if (pick == 5) v[i] = ONE;
            else if (pick == 6) v[i] = -ONE;
            else if (pick < 12) v[i] = int256((x >> 8) % (16 * uint256(ONE))) - 8 * ONE;
            else v[i] = int32(uint32(x >> 8));
        }
    }

    /// @dev One (sequence, head, position, entry) of a split/merge layout.
    struct Layout {
        uint256 t;
        uint256 heads;
        uint256 dh;
        uint256 b;
        uint256 head;
        uint256 pos;
        uint256 e;
    }

    function testFuzz_splitAndMerge_areInverseLayouts(uint256 seed, uint8 t, uint8 heads, uint8 dh, uint256 pos)
        public
        view
    {
        Layout memory l;
        l.t = bound(t, 1, 64);
        l.heads = bound(heads, 1, 8);
        l.dh = bound(dh, 1, 32);
        l.b = pos % 4;
        l.head = (pos >> 8) % l.heads;
        l.pos = (pos >> 16) % l.t;
        l.e = (pos >> 24) % l.dh;
        int256[] memory x = _values(seed, l.heads * l.dh);
        _checkLayout(l, x);
    }

    function _checkLayout(Layout memory l, int256[] memory x) private view {
        // Output row (b*H + h)*T + t of split_heads is head h of X[b*T + t].
        uint256 splitRow = (l.b * l.heads + l.head) * l.t + l.pos;
        int256 split = h.element(uint8(OpKind.SplitHeads), splitRow, l.e, _pack(x), "", _two(l.t, l.heads));
        assertEq(split, x[l.head * l.dh + l.e], "split_heads picks head h, entry e");
        int256[] memory y = new int256[](l.dh);
        for (uint256 j; j < l.dh; ++j) {
            y[j] = x[l.head * l.dh + j];
        }
        uint256 mergeCol = l.head * l.dh + l.e;
        int256 merged =
            h.element(uint8(OpKind.MergeHeads), l.b * l.t + l.pos, mergeCol, _pack(y), "", _three(l.t, l.heads, l.dh));
        assertEq(merged, split, "merge_heads puts it back");
    }

    function testFuzz_blockMatMul_total(uint256 seed, uint8 width, uint8 k, uint256 col) public view {
        uint256 n = bound(width, 0, 96);
        uint256 kk = bound(k, 1, 64);
        h.element(
            uint8(OpKind.BlockMatMul),
            seed % 1024,
            bound(col, 0, kk - 1),
            _pack(_values(seed, n)),
            _pack(_values(~seed, n)),
            _two(1 + seed % 64, kk)
        );
    }

    function testFuzz_blockTranspose_picksEntryRowModK(uint256 seed, uint8 t, uint8 k, uint256 row, uint256 col)
        public
        view
    {
        uint256 tt = bound(t, 1, 64);
        uint256 kk = bound(k, 1, 64);
        row = bound(row, 0, 1 << 20);
        int256[] memory a = _values(seed, kk);
        int256 got = h.element(uint8(OpKind.BlockTranspose), row, bound(col, 0, tt - 1), _pack(a), "", _two(tt, kk));
        assertEq(got, a[row % kk], "element (g*K + e, t) is A[g*T + t][e]");
    }

    function testFuzz_scale_isFixedPointMul(int32 x, uint256 q) public view {
        q = bound(q, 0, 2 ** 31 - 1);
        int256[] memory v = new int256[](1);
        v[0] = x;
        int256 got = h.element(uint8(OpKind.ScaleBy), 0, 0, _pack(v), "", _one(q));
        int256 exact = (int256(x) * int256(q) + 32768) >> 16;
        if (exact > type(int32).max) exact = type(int32).max;
        if (exact < type(int32).min) exact = type(int32).min;
        assertEq(got, exact, "saturate(roundShift(x * q, 16))");
        assertEq(h.element(uint8(OpKind.ScaleBy), 0, 0, _pack(v), "", _one(uint256(ONE))), int256(x), "q = 1.0");
    }

    function testFuzz_causalSoftmax_masksAndStaysInRange(uint256 seed, uint8 t, uint256 row, uint256 col) public view {
        uint256 tt = bound(t, 1, 64);
        row = bound(row, 0, 1 << 20);
        col = bound(col, 0, tt - 1);
        int256[] memory s = _values(seed, tt);
        uint256 query = row % tt;
        int256 p = h.element(uint8(OpKind.CausalSoftmax), row, col, _pack(s), "", _one(tt));
        assertTrue(p >= 0 && p <= ONE, "probability in [0, ONE]");
        if (col > query) assertEq(p, int256(0), "a later key gets 0");
        // The masked scores are never read: replacing them changes nothing.
        for (uint256 j = query + 1; j < tt; ++j) {
            s[j] = int256(uint256(keccak256(abi.encode(seed, j, "later"))) % (16 * uint256(ONE))) - 8 * ONE;
        }
        assertEq(h.element(uint8(OpKind.CausalSoftmax), row, col, _pack(s), "", _one(tt)), p, "mask reads no later key");
    }

    function testFuzz_causalSoftmax_prefixSumsToOne(uint256 seed, uint8 t) public view {
        uint256 tt = bound(t, 1, 24);
        bytes memory s = _pack(_values(seed, tt));
        uint256 query = seed % tt;
        int256 total;
        for (uint256 c; c <= query; ++c) {
            total += h.element(uint8(OpKind.CausalSoftmax), query, c, s, "", _one(tt));
        }
        // Each probability is rounded to nearest: the sum is ONE within one unit per term.
        assertLe(uint256(total > ONE ? total - ONE : ONE - total), query + 1, "prefix sums to ONE");
    }

    function testFuzz_softmaxPrefix_ofTheWholeRowIsSoftmaxAt(uint256 seed, uint8 width, uint8 k) public {
        uint256 n = bound(width, 1, 32);
        uint256 kk = bound(k, 0, n - 1);
        bytes memory z = _pack(_values(seed, n));
        LeafEvaluatorHarness leaf = new LeafEvaluatorHarness();
        assertEq(h.softmaxPrefixAt(z, n, kk), int256(leaf.softmaxAt(z, kk)), "prefix n = width is softmaxAt");
    }

    function testFuzz_softmaxBackward_total(uint256 seed, uint8 width, uint256 col) public view {
        uint256 n = bound(width, 1, 64);
        col = bound(col, 0, n - 1);
        int256[] memory p = _values(seed, n);
        int256 got =
            h.element(uint8(OpKind.SoftmaxBackward), seed, col, _pack(p), _pack(_values(~seed, n)), new uint256[](0));
        if (p[col] == 0) assertEq(got, int256(0), "P = 0 (a masked entry) gets 0");
    }

    // ------------------------------------------------------------------------------------ gas

    /// @dev Gas of one warm harness element call (arguments built before metering resumes).
    function _gas(
        string memory label,
        uint8 op,
        uint256 row,
        uint256 col,
        bytes memory in0,
        bytes memory in1,
        uint256[] memory attrs
    ) private returns (uint256 used) {
        h.element(op, row, col, in0, in1, attrs); // warms the harness account: the figure is a warm call
        vm.resumeGasMetering();
        uint256 before = gasleft();
        h.element(op, row, col, in0, in1, attrs);
        used = before - gasleft();
        vm.pauseGasMetering();
        emit log_named_uint(label, used);
    }

    function _scores(uint256 seed, uint256 n) private pure returns (bytes memory) {
        int256[] memory v = new int256[](n);
        for (uint256 i; i < n; ++i) {
            v[i] = int256(uint256(keccak256(abi.encode(seed, i))) % (8 * uint256(ONE))) - 4 * ONE;
        }
        return _pack(v);
    }

    /// @notice split_heads and merge_heads at T = 64, H = 4, dh = 16 and 32 (d = 64 and 128).
    function test_gas_headLayout() public {
        vm.pauseGasMetering();
        for (uint256 dh = 16; dh <= 32; dh += 16) {
            bytes memory x = _scores(1, 4 * dh);
            uint256 used = _gas(
                string.concat("split_heads dh", vm.toString(dh)),
                uint8(OpKind.SplitHeads),
                4 * 64 + 63,
                dh - 1,
                x,
                "",
                _two(64, 4)
            );
            assertLt(used, 10_000, "split_heads element gas");
            used = _gas(
                string.concat("merge_heads dh", vm.toString(dh)),
                uint8(OpKind.MergeHeads),
                63,
                4 * dh - 1,
                _scores(2, dh),
                "",
                _three(64, 4, dh)
            );
            assertLt(used, 10_000, "merge_heads element gas");
        }
        vm.resumeGasMetering();
    }

    /// @notice Scores Q·Kᵀ (block_matmul(64, 64), a dot of dh = 16 and 32) and P·V (and every
    ///         backward product: block_matmul(64, dh), a dot of T = 64).
    function test_gas_blockMatMul() public {
        vm.pauseGasMetering();
        uint256 used =
            _gas("scores dh16", uint8(OpKind.BlockMatMul), 100, 63, _scores(3, 16), _scores(4, 16), _two(64, 64));
        assertLt(used, 15_000, "scores dh 16");
        used = _gas("scores dh32", uint8(OpKind.BlockMatMul), 100, 63, _scores(3, 32), _scores(4, 32), _two(64, 64));
        assertLt(used, 20_000, "scores dh 32");
        used = _gas("P.V T64", uint8(OpKind.BlockMatMul), 100, 31, _scores(5, 64), _scores(6, 64), _two(64, 32));
        assertLt(used, 25_000, "P.V T 64");
        vm.resumeGasMetering();
    }

    /// @notice block_transpose(64, dh) and scale(1/sqrt(dh)) on a 64-wide row.
    function test_gas_transposeAndScale() public {
        vm.pauseGasMetering();
        uint256 used = _gas("block_transpose", uint8(OpKind.BlockTranspose), 31, 63, _scores(7, 32), "", _two(64, 32));
        assertLt(used, 10_000, "block_transpose element gas");
        used = _gas("scale", uint8(OpKind.ScaleBy), 5, 63, _scores(8, 64), "", _one(11585));
        assertLt(used, 10_000, "scale element gas");
        vm.resumeGasMetering();
    }

    /// @notice causal_softmax(64) at the last query of a block (the widest prefix: 64 exps) and at
    ///         the first (one exp).
    function test_gas_causalSoftmax() public {
        vm.pauseGasMetering();
        bytes memory s = _scores(9, 64);
        uint256 used = _gas("causal_softmax last query", uint8(OpKind.CausalSoftmax), 63, 10, s, "", _one(64));
        assertLt(used, 100_000, "causal_softmax widest element gas");
        used = _gas("causal_softmax first query", uint8(OpKind.CausalSoftmax), 64, 0, s, "", _one(64));
        assertLt(used, 15_000, "causal_softmax first query gas");
        vm.resumeGasMetering();
    }

    /// @notice softmax_backward on 64-wide rows (a 64-wide dot, a sub and a mul).
    function test_gas_softmaxBackward() public {
        vm.pauseGasMetering();
        uint256 used = _gas(
            "softmax_backward T64",
            uint8(OpKind.SoftmaxBackward),
            63,
            7,
            _scores(10, 64),
            _scores(11, 64),
            new uint256[](0)
        );
        assertLt(used, 25_000, "softmax_backward element gas");
        vm.resumeGasMetering();
    }

    /// @notice The LM head's cross-entropy gradient is the MLP's softmax_xent_grad over a
    ///         vocabulary-sized row: one element of a 96-class row through LeafEvaluatorHarness.
    function test_gas_softmaxXentGradElement96() public {
        vm.pauseGasMetering();
        LeafEvaluatorHarness leaf = new LeafEvaluatorHarness();
        bytes memory logits = _scores(12, 96);
        int256[] memory y = new int256[](1);
        y[0] = 17;
        bytes memory label = _pack(y);
        leaf.element(uint8(OpKind.SoftmaxXentGrad), 0, 17, logits, label, 0); // warm, as the others
        vm.resumeGasMetering();
        uint256 before = gasleft();
        leaf.element(uint8(OpKind.SoftmaxXentGrad), 0, 17, logits, label, 0);
        uint256 used = before - gasleft();
        vm.pauseGasMetering();
        emit log_named_uint("softmax_xent_grad(96) call gas", used);
        assertLt(used, 250_000, "96-class softmax element gas");
        vm.resumeGasMetering();
    }
}
