// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {VectorTest} from "./VectorTest.sol";
import {OptimizerOpsHarness} from "../../harness/OptimizerOpsHarness.sol";
import {OpKind} from "../../src/types/DisputeTypes.sol";
import {
    FixedPoint_RowLengthMismatch,
    FixedPoint_ColumnOutOfRange,
    LeafEvaluator_UnknownOp,
    OptimizerOps_AttributeCount,
    OptimizerOps_AttributeOutOfRange,
    OptimizerOps_NotASingleEntry,
    OptimizerOps_WidthNotMultiple
} from "../../src/dispute/lib/Errors.sol";

/// @notice Mirror tests of the embedding, residual add and AdamW evaluator: every vector of core's
///         core/src/test/resources/vectors/optimizer-ops.json (written by `OptimizerOpsVectors`)
///         must come out bit for bit through `OptimizerOpsHarness`; malformed inputs revert with
///         their custom errors; fuzz tests show totality; `test_gas_*` meter one element per op at
///         a transformer's width (d = 768).
contract OptimizerOpsTest is VectorTest {
    uint256 private constant D = 768;

    OptimizerOpsHarness private h;

    function setUp() public {
        h = new OptimizerOpsHarness();
        json = _vectors("optimizer-ops.json");
    }

    // ---------------------------------------------------------------------------- JSON helpers

    function _opKind(string memory name) private pure returns (uint8) {
        bytes32 n = keccak256(bytes(name));
        if (n == keccak256("one_hot")) return uint8(OpKind.OneHot);
        if (n == keccak256("add_positions")) return uint8(OpKind.AddPositions);
        if (n == keccak256("position_grad")) return uint8(OpKind.PositionGrad);
        if (n == keccak256("add")) return uint8(OpKind.Add);
        if (n == keccak256("adam_m")) return uint8(OpKind.AdamMoment1);
        if (n == keccak256("adam_v")) return uint8(OpKind.AdamMoment2);
        if (n == keccak256("concat_columns")) return uint8(OpKind.ConcatColumns);
        if (n == keccak256("adamw_update")) return uint8(OpKind.AdamWUpdate);
        if (n == keccak256("sequence_tokens")) return uint8(OpKind.SequenceTokens);
        revert(string.concat("unknown op in vectors: ", name));
    }

    function _adamW(uint256 step) private pure returns (uint256[] memory a) {
        a = new uint256[](7);
        a[0] = 16777; // lr 1e-3 (Q8.24)
        a[1] = 2000; // warm-up steps
        a[2] = 58982; // beta1 0.9
        a[3] = 65470; // beta2 0.999
        a[4] = 168; // eps 1e-5 (Q8.24)
        a[5] = 6554; // wd 0.1
        a[6] = step;
    }

    // ----------------------------------------------------------------------------- op vectors

    /// @dev Every case lists the rows its element depends on (input 0, then input 1 if any).
    function test_vectors_everyOpElement() public view {
        uint256 n = _count("ops");
        uint256 kinds;
        for (uint256 i; i < n; ++i) {
            uint8 op = _opKind(vm.parseJsonString(json, _k("ops", i, ".op")));
            kinds |= 1 << op;
            uint256[] memory pos = vm.parseJsonUintArray(json, _k("ops", i, ".position"));
            uint256[] memory attrs = vm.parseJsonUintArray(json, _k("ops", i, ".attrs"));
            assertEq(_uint(_k("ops", i, ".rows[0].input")), 0, "first row is input 0");
            bytes memory in0 = _row(_k("ops", i, ".rows[0].values"));
            bytes memory in1;
            if (vm.keyExistsJson(json, _k("ops", i, ".rows[1]"))) {
                assertEq(_uint(_k("ops", i, ".rows[1].input")), 1, "second row is input 1");
                in1 = _row(_k("ops", i, ".rows[1].values"));
            }
            int256 got = h.element(op, pos[0], pos[1], in0, in1, attrs);
            assertEq(got, _int(_k("ops", i, ".out")), string.concat("ops #", vm.toString(i)));
        }
        // seven contiguous kinds from OneHot, concat_columns (shared with the layer-norm family) and
        // sequence_tokens
        uint256 family = (uint256(0x7F) << uint8(OpKind.OneHot)) | (uint256(1) << uint8(OpKind.ConcatColumns))
            | (uint256(1) << uint8(OpKind.SequenceTokens));
        assertEq(kinds, family, "every op of the family has vectors");
        assertGe(n, 64, "at least 8 cases per op");
    }

    function test_vectors_betaPower() public view {
        uint256 n = _count("betaPower");
        assertGt(n, 0, "no betaPower vectors");
        for (uint256 i; i < n; ++i) {
            uint256 got = h.betaPower(_uint(_k("betaPower", i, ".beta")), _uint(_k("betaPower", i, ".k")));
            assertEq(got, _uint(_k("betaPower", i, ".out")), string.concat("betaPower #", vm.toString(i)));
        }
    }

    function test_vectors_moments() public view {
        uint256 n = _count("moments");
        assertGt(n, 0, "no moment vectors");
        for (uint256 i; i < n; ++i) {
            int32 a = int32(_int(_k("moments", i, ".a")));
            int32 g = int32(_int(_k("moments", i, ".g")));
            uint256 beta = _uint(_k("moments", i, ".beta"));
            string memory tag = string.concat("moments #", vm.toString(i));
            assertEq(h.moment1(a, g, beta), _int(_k("moments", i, ".m")), tag);
            assertEq(h.moment2(a, g, beta), _int(_k("moments", i, ".v")), tag);
        }
    }

    function test_vectors_warmupRate() public view {
        uint256 n = _count("warmupRate");
        assertGt(n, 0, "no warmupRate vectors");
        for (uint256 i; i < n; ++i) {
            int256 got = h.warmupRate(
                _uint(_k("warmupRate", i, ".lr")),
                _uint(_k("warmupRate", i, ".warmup")),
                _uint(_k("warmupRate", i, ".step"))
            );
            assertEq(got, _int(_k("warmupRate", i, ".out")), string.concat("warmupRate #", vm.toString(i)));
        }
    }

    // ------------------------------------------------------------------------------------ gas

    /// @dev Meters one warm element call (the harness account already touched, as for every call
    ///      after the first); building the rows is not metered.
    function _gas(string memory label, uint8 op, uint256 col, bytes memory in0, bytes memory in1, uint256[] memory a)
        private
        returns (uint256 used)
    {
        h.element(op, 0, col, in0, in1, a);
        vm.resumeGasMetering();
        uint256 before = gasleft();
        h.element(op, 0, col, in0, in1, a);
        used = before - gasleft();
        vm.pauseGasMetering();
        emit log_named_uint(label, used);
        assertLt(used, 100_000, label);
    }

    function test_gas_oneHotElement() public {
        vm.pauseGasMetering();
        _gas("oneHot(V=50257) call gas", uint8(OpKind.OneHot), 1234, _randomRow(1, 1), "", _one(50257));
        vm.resumeGasMetering();
    }

    function test_gas_addPositionsElement768() public {
        vm.pauseGasMetering();
        bytes memory x = _randomRow(2, D);
        _gas("addPositions(768) call gas", uint8(OpKind.AddPositions), 700, x, _randomRow(3, D), _one(512));
        vm.resumeGasMetering();
    }

    /// @notice A dY^T row of B * T = 8 * 256 = 2048 entries: 8 strided terms.
    function test_gas_positionGradElement2048() public {
        vm.pauseGasMetering();
        _gas("positionGrad(2048, T=256) call gas", uint8(OpKind.PositionGrad), 255, _randomRow(4, 2048), "", _one(256));
        vm.resumeGasMetering();
    }

    function test_gas_addElement768() public {
        vm.pauseGasMetering();
        _gas("add(768) call gas", uint8(OpKind.Add), 767, _randomRow(5, D), _randomRow(6, D), new uint256[](0));
        vm.resumeGasMetering();
    }

    function test_gas_adamMomentElements768() public {
        vm.pauseGasMetering();
        bytes memory m = _randomRow(7, D);
        bytes memory g = _randomRow(8, D);
        _gas("adamMoment1(768) call gas", uint8(OpKind.AdamMoment1), 3, m, g, _one(58982));
        _gas("adamMoment2(768) call gas", uint8(OpKind.AdamMoment2), 3, m, g, _one(65470));
        vm.resumeGasMetering();
    }

    function test_gas_concatColumnsElement1536() public {
        vm.pauseGasMetering();
        bytes memory a = _randomRow(9, D);
        _gas(
            "concatColumns(768+768) call gas", uint8(OpKind.ConcatColumns), 1000, a, _randomRow(10, D), new uint256[](0)
        );
        vm.resumeGasMetering();
    }

    /// @notice The AdamW element of a 768-wide parameter row at step 0, inside warm-up, and at 2^20.
    function test_gas_adamWUpdateElement768() public {
        vm.pauseGasMetering();
        bytes memory w = _randomRow(11, D);
        bytes memory mv = _randomRow(12, 2 * D);
        uint8 op = uint8(OpKind.AdamWUpdate);
        _gas("adamWUpdate(768, t=0) call gas", op, 5, w, mv, _adamW(0));
        _gas("adamWUpdate(768, t=999) call gas", op, 5, w, mv, _adamW(999));
        _gas("adamWUpdate(768, t=2^20) call gas", op, 5, w, mv, _adamW(1 << 20));
        _gas("adamWUpdate(768, t=2^32-1) call gas", op, 5, w, mv, _adamW(2 ** 32 - 1));
        vm.resumeGasMetering();
    }

    // --------------------------------------------------------------------------- malformed input

    function test_attributeCount_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(OptimizerOps_AttributeCount.selector, 0, 1));
        h.element(uint8(OpKind.Add), 0, 0, new bytes(4), new bytes(4), _one(1));
        uint256[] memory six = new uint256[](6);
        vm.expectRevert(abi.encodeWithSelector(OptimizerOps_AttributeCount.selector, 7, 6));
        h.element(uint8(OpKind.AdamWUpdate), 0, 0, new bytes(4), new bytes(8), six);
        vm.expectRevert(abi.encodeWithSelector(OptimizerOps_AttributeCount.selector, 1, 2));
        h.element(uint8(OpKind.OneHot), 0, 0, new bytes(4), "", _two(3, 4));
    }

    function test_attributeOutOfRange_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(OptimizerOps_AttributeOutOfRange.selector, 0, 0));
        h.element(uint8(OpKind.OneHot), 0, 0, new bytes(4), "", _one(0));
        vm.expectRevert(abi.encodeWithSelector(OptimizerOps_AttributeOutOfRange.selector, 0, 0));
        h.element(uint8(OpKind.PositionGrad), 0, 0, new bytes(4), "", _one(0));
        vm.expectRevert(abi.encodeWithSelector(OptimizerOps_AttributeOutOfRange.selector, 0, 65537));
        h.element(uint8(OpKind.AdamMoment1), 0, 0, new bytes(4), new bytes(4), _one(65537));
        uint256[] memory a = _adamW(0);
        a[2] = 65536;
        vm.expectRevert(abi.encodeWithSelector(OptimizerOps_AttributeOutOfRange.selector, 2, 65536));
        h.element(uint8(OpKind.AdamWUpdate), 0, 0, new bytes(4), new bytes(8), a);
        a = _adamW(0);
        a[4] = 0;
        vm.expectRevert(abi.encodeWithSelector(OptimizerOps_AttributeOutOfRange.selector, 4, 0));
        h.element(uint8(OpKind.AdamWUpdate), 0, 0, new bytes(4), new bytes(8), a);
        a = _adamW(2 ** 32);
        vm.expectRevert(abi.encodeWithSelector(OptimizerOps_AttributeOutOfRange.selector, 6, 2 ** 32));
        h.element(uint8(OpKind.AdamWUpdate), 0, 0, new bytes(4), new bytes(8), a);
        a = _adamW(0);
        a[1] = 0;
        vm.expectRevert(abi.encodeWithSelector(OptimizerOps_AttributeOutOfRange.selector, 1, 0));
        h.element(uint8(OpKind.AdamWUpdate), 0, 0, new bytes(4), new bytes(8), a);
    }

    function test_oneHot_idRowNotSingle_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(OptimizerOps_NotASingleEntry.selector, 8));
        h.element(uint8(OpKind.OneHot), 0, 0, new bytes(8), "", _one(5));
    }

    function test_columnOutside_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 5, 5));
        h.element(uint8(OpKind.OneHot), 0, 5, new bytes(4), "", _one(5));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 2, 2));
        h.element(uint8(OpKind.PositionGrad), 0, 2, new bytes(16), "", _one(2));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 5, 5));
        h.element(uint8(OpKind.ConcatColumns), 0, 5, new bytes(8), new bytes(12), new uint256[](0));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 2, 2));
        h.element(uint8(OpKind.AdamWUpdate), 0, 2, new bytes(8), new bytes(16), _adamW(0));
    }

    function test_positionGrad_widthNotMultiple_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(OptimizerOps_WidthNotMultiple.selector, 5, 2));
        h.element(uint8(OpKind.PositionGrad), 0, 0, new bytes(20), "", _one(2));
    }

    function test_rowWidths_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_RowLengthMismatch.selector, 8, 12));
        h.element(uint8(OpKind.Add), 0, 0, new bytes(8), new bytes(12), new uint256[](0));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_RowLengthMismatch.selector, 8, 12));
        h.element(uint8(OpKind.AddPositions), 0, 0, new bytes(8), new bytes(12), _one(3));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_RowLengthMismatch.selector, 8, 4));
        h.element(uint8(OpKind.AdamMoment2), 0, 0, new bytes(8), new bytes(4), _one(3));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_RowLengthMismatch.selector, 12, 16));
        h.element(uint8(OpKind.AdamWUpdate), 0, 0, new bytes(8), new bytes(12), _adamW(0));
    }

    function test_unknownOp_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(LeafEvaluator_UnknownOp.selector, uint256(OpKind.MatMul)));
        h.element(uint8(OpKind.MatMul), 0, 0, new bytes(4), new bytes(4), new uint256[](0));
        vm.expectRevert(abi.encodeWithSelector(LeafEvaluator_UnknownOp.selector, 255));
        h.element(255, 0, 0, new bytes(4), new bytes(4), new uint256[](0));
    }

    function test_batchLengthMismatch_reverts() public {
        vm.expectRevert(OptimizerOpsHarness.OptimizerOpsHarness_LengthMismatch.selector);
        h.elementBatch(
            uint8(OpKind.Add), new uint256[](2), new uint256[](1), new bytes[](2), new bytes[](2), new uint256[](0)
        );
    }

    // ------------------------------------------------------------------------ totality (fuzz)

    /// @dev Well-formed random attributes of `op` drawn from `seed` (extremes of every range).
    function _randomAttrs(uint8 op, uint256 seed, uint256 t) private pure returns (uint256[] memory a) {
        if (op == uint8(OpKind.Add) || op == uint8(OpKind.ConcatColumns)) return new uint256[](0);
        if (op == uint8(OpKind.AdamMoment1) || op == uint8(OpKind.AdamMoment2)) return _one(seed % 65537);
        if (op != uint8(OpKind.AdamWUpdate)) return _one(t);
        a = new uint256[](7);
        a[0] = seed % 2 ** 31;
        a[1] = 1 + (seed >> 32) % 2 ** 30;
        a[2] = (seed >> 64) % 65536;
        a[3] = (seed >> 80) % 65536;
        a[4] = 1 + (seed >> 96) % (2 ** 31 - 1);
        a[5] = (seed >> 128) % 65537;
        a[6] = (seed >> 160) % 2 ** 32;
        if (seed % 5 == 0) a[3] = 65535;
        if (seed % 7 == 0) a[4] = 1;
    }

    function testFuzz_element_total(uint8 op, uint256 seed, uint16 width, uint16 tRaw, uint256 col) public view {
        op = uint8(bound(op, uint8(OpKind.OneHot), uint8(OpKind.AdamWUpdate)));
        uint256 t = bound(tRaw, 1, 8);
        uint256[] memory a = _randomAttrs(op, seed, t);
        (bytes memory in0, bytes memory in1, uint256 outCols) = _fuzzRows(op, seed, bound(width, 1, 64), t);
        _call(op, bound(col, 0, outCols - 1), in0, in1, a);
    }

    function _call(uint8 op, uint256 col, bytes memory in0, bytes memory in1, uint256[] memory a) private view {
        h.element(op, 0, col, in0, in1, a);
    }

    /// @dev Well-formed rows of `op` (width n, sequence length / right width t) and the output width.
    function _fuzzRows(uint8 op, uint256 seed, uint256 n, uint256 t)
        private
        pure
        returns (bytes memory in0, bytes memory in1, uint256 outCols)
    {
        in0 = _randomRow(seed, n);
        in1 = _randomRow(seed ^ 1, n);
        outCols = n;
        if (op == uint8(OpKind.OneHot)) {
            in0 = _randomRow(seed, 1);
            in1 = "";
            outCols = t;
        } else if (op == uint8(OpKind.PositionGrad)) {
            in0 = _randomRow(seed, n * t);
            in1 = "";
            outCols = t;
        } else if (op == uint8(OpKind.ConcatColumns)) {
            in1 = _randomRow(seed ^ 1, t);
            outCols = n + t;
        } else if (op == uint8(OpKind.AdamWUpdate)) {
            in1 = _randomRow(seed ^ 1, 2 * n);
        }
    }

    function testFuzz_betaPower_bounded(uint256 beta, uint256 k) public view {
        beta = bound(beta, 0, 65536);
        k = bound(k, 0, 2 ** 32);
        uint256 p = h.betaPower(beta, k);
        assertLe(p, 2 ** 30, "power at most 1.0");
        if (k == 0 || beta == 65536) assertEq(p, 2 ** 30, "beta^0 = 1 and 1^k = 1");
        else assertLe(p, beta << 14, "beta^k <= beta for k >= 1");
    }

    function testFuzz_moments(int32 a, int32 g, uint256 beta) public view {
        beta = bound(beta, 0, 65536);
        assertEq(h.moment1(g, g, beta), int256(g), "a constant gradient is a fixed point of m");
        if (a >= 0) assertTrue(h.moment2(a, g, beta) >= 0, "v stays non-negative");
    }

    function testFuzz_adamW_zeroRateKeepsW(uint256 seed, uint16 width, uint256 col) public view {
        uint256 n = bound(width, 1, 32);
        col = bound(col, 0, n - 1);
        bytes memory w = _randomRow(seed, n);
        uint256[] memory a = _randomAttrs(uint8(OpKind.AdamWUpdate), seed, 1);
        a[0] = 0;
        int256 got = h.element(uint8(OpKind.AdamWUpdate), 0, col, w, _randomRow(seed ^ 1, 2 * n), a);
        assertEq(got, h.element(uint8(OpKind.ConcatColumns), 0, col, w, "", new uint256[](0)), "lr 0 leaves w");
    }

    function testFuzz_oneHot_isTheIndicator(int32 id, uint256 v, uint256 col) public view {
        v = bound(v, 1, 2 ** 31 - 1);
        col = bound(col, 0, v - 1);
        int256[] memory ids = new int256[](1);
        ids[0] = id;
        int256 got = h.element(uint8(OpKind.OneHot), 0, col, _pack(ids), "", _one(v));
        assertEq(got, id >= 0 && uint256(int256(id)) == col ? ONE : int256(0), "one-hot");
    }
}
