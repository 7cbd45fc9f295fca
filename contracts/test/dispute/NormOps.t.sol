// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {VectorTest} from "./VectorTest.sol";
import {NormOpsHarness} from "../../harness/NormOpsHarness.sol";
import {OpKind} from "../../src/types/DisputeTypes.sol";
import {
    FixedPoint_RowNotPacked,
    FixedPoint_RowLengthMismatch,
    FixedPoint_ColumnOutOfRange,
    LeafEvaluator_NotASingleEntry,
    LeafEvaluator_UnknownOp,
    NormOps_EmptyRow,
    NormOps_EpsOutOfRange,
    NormOps_StatsWidth,
    NormOps_OddPackedWidth,
    NormOps_AttributeCount
} from "../../src/dispute/lib/Errors.sol";

/// @notice Mirror tests of the layer-normalisation and GELU evaluator: every vector of core's
///         shared file core/src/test/resources/vectors/norm-ops.json (written by the Java rules,
///         `NormOpsVectors`) must come out bit for bit through `NormOpsHarness`, as the Java
///         differential test calls it. Malformed inputs revert with their specific errors; fuzz
///         tests show the rules are total and in range; `test_gas_*` measure one element per op at
///         d = 64, 128 and 768.
contract NormOpsTest is VectorTest {
    NormOpsHarness private h;

    function setUp() public {
        h = new NormOpsHarness();
        json = _vectors("norm-ops.json");
    }

    // ---------------------------------------------------------------------------- JSON helpers

    function _opKind(string memory name) private pure returns (uint8) {
        bytes32 n = keccak256(bytes(name));
        if (n == keccak256("layer_norm_stats")) return uint8(OpKind.LayerNormStats);
        if (n == keccak256("layer_norm_apply")) return uint8(OpKind.LayerNormApply);
        if (n == keccak256("mul_column")) return uint8(OpKind.MulColumn);
        if (n == keccak256("layer_norm_backward_stats")) return uint8(OpKind.LayerNormBackwardStats);
        if (n == keccak256("layer_norm_backward")) return uint8(OpKind.LayerNormBackward);
        if (n == keccak256("concat_columns")) return uint8(OpKind.ConcatColumns);
        if (n == keccak256("mul_elementwise")) return uint8(OpKind.MulElementwise);
        if (n == keccak256("gelu")) return uint8(OpKind.Gelu);
        if (n == keccak256("gelu_backward")) return uint8(OpKind.GeluBackward);
        revert(string.concat("unknown op in vectors: ", name));
    }

    // ------------------------------------------------------------------------- scalar vectors

    function test_vectors_gelu() public view {
        uint256 n = _count("gelu");
        assertGt(n, 40, "gelu vectors");
        for (uint256 i; i < n; ++i) {
            int32 x = int32(_int(_k("gelu", i, ".x")));
            string memory where = string.concat("gelu #", vm.toString(i));
            assertEq(h.geluArgument(x), _int(_k("gelu", i, ".argument")), where);
            assertEq(h.gelu(x), _int(_k("gelu", i, ".out")), where);
            assertEq(h.geluDerivative(x), _int(_k("gelu", i, ".derivative")), where);
        }
    }

    function test_vectors_sigmoid() public view {
        uint256 n = _count("sigmoid");
        assertGt(n, 0, "sigmoid vectors");
        for (uint256 i; i < n; ++i) {
            int32 got = h.sigmoid(_int(_k("sigmoid", i, ".z")));
            assertEq(got, _int(_k("sigmoid", i, ".out")), string.concat("sigmoid #", vm.toString(i)));
        }
    }

    function test_vectors_rowStats() public view {
        uint256 n = _count("rowStats");
        assertGt(n, 20, "row statistics vectors");
        for (uint256 i; i < n; ++i) {
            bytes memory v = _row(_k("rowStats", i, ".values"));
            string memory where = string.concat("rowStats #", vm.toString(i));
            assertEq(h.rowMean(v), _int(_k("rowStats", i, ".mean")), where);
            assertEq(h.rowRstd(v, _uint(_k("rowStats", i, ".eps"))), _int(_k("rowStats", i, ".rstd")), where);
        }
    }

    function test_vectors_meanOfProducts() public view {
        uint256 n = _count("meanOfProducts");
        assertGt(n, 0, "meanOfProducts vectors");
        for (uint256 i; i < n; ++i) {
            int32 got = h.meanOfProducts(_row(_k("meanOfProducts", i, ".a")), _row(_k("meanOfProducts", i, ".b")));
            assertEq(got, _int(_k("meanOfProducts", i, ".out")), string.concat("meanOfProducts #", vm.toString(i)));
        }
    }

    function test_vectors_normalizeAndBackward() public view {
        uint256 n = _count("normalize");
        assertGt(n, 0, "normalize vectors");
        for (uint256 i; i < n; ++i) {
            int32 got = h.normalize(
                int32(_int(_k("normalize", i, ".x"))),
                int32(_int(_k("normalize", i, ".mean"))),
                int32(_int(_k("normalize", i, ".rstd")))
            );
            assertEq(got, _int(_k("normalize", i, ".out")), string.concat("normalize #", vm.toString(i)));
            got = h.normBackward(
                int32(_int(_k("normBackward", i, ".g"))),
                int32(_int(_k("normBackward", i, ".xhat"))),
                int32(_int(_k("normBackward", i, ".m1"))),
                int32(_int(_k("normBackward", i, ".m2"))),
                int32(_int(_k("normBackward", i, ".rstd")))
            );
            assertEq(got, _int(_k("normBackward", i, ".out")), string.concat("normBackward #", vm.toString(i)));
        }
    }

    // ----------------------------------------------------------------------------- op vectors

    /// @dev Every case lists the rows its element depends on (input 0, then input 1).
    function test_vectors_everyOpElement() public view {
        uint256 n = _count("ops");
        uint256[32] memory perKind;
        for (uint256 i; i < n; ++i) {
            uint8 op = _opKind(vm.parseJsonString(json, _k("ops", i, ".op")));
            ++perKind[op];
            uint256[] memory pos = vm.parseJsonUintArray(json, _k("ops", i, ".position"));
            bytes memory in0 = _row(_k("ops", i, ".rows[0].values"));
            bytes memory in1;
            if (vm.keyExistsJson(json, _k("ops", i, ".rows[1]"))) {
                assertEq(_uint(_k("ops", i, ".rows[1].input")), 1, "second row is input 1");
                in1 = _row(_k("ops", i, ".rows[1].values"));
            }
            uint256[] memory attrs = vm.parseJsonUintArray(json, _k("ops", i, ".attributes"));
            int32 got = h.element(op, pos[0], pos[1], in0, in1, attrs);
            assertEq(got, _int(_k("ops", i, ".out")), string.concat("ops #", vm.toString(i)));
        }
        for (uint256 k = uint8(OpKind.LayerNormStats); k <= uint8(OpKind.GeluBackward); ++k) {
            assertGe(perKind[k], 12, string.concat("vectors of op ", vm.toString(k)));
        }
    }

    // --------------------------------------------------------------------------- malformed input

    function _none() private pure returns (uint256[] memory) {
        return new uint256[](0);
    }

    function _eps(uint256 eps) private pure returns (uint256[] memory a) {
        a = new uint256[](1);
        a[0] = eps;
    }

    function test_element_otherFamilyOp_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(LeafEvaluator_UnknownOp.selector, uint256(OpKind.MatMul)));
        h.element(uint8(OpKind.MatMul), 0, 0, new bytes(4), new bytes(4), _none());
        vm.expectRevert(abi.encodeWithSelector(LeafEvaluator_UnknownOp.selector, 255));
        h.element(255, 0, 0, new bytes(4), new bytes(4), _none());
    }

    function test_element_wrongAttributeCount_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(NormOps_AttributeCount.selector, 1, 0));
        h.element(uint8(OpKind.LayerNormStats), 0, 0, new bytes(4), "", _none());
        vm.expectRevert(abi.encodeWithSelector(NormOps_AttributeCount.selector, 0, 1));
        h.element(uint8(OpKind.Gelu), 0, 0, new bytes(4), "", _eps(1));
    }

    function test_layerNormStats_epsOutOfRange_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(NormOps_EpsOutOfRange.selector, 0));
        h.element(uint8(OpKind.LayerNormStats), 0, 1, new bytes(8), "", _eps(0));
        vm.expectRevert(abi.encodeWithSelector(NormOps_EpsOutOfRange.selector, uint256(2 ** 31)));
        h.rowRstd(new bytes(8), 2 ** 31);
    }

    function test_layerNormStats_emptyRow_reverts() public {
        vm.expectRevert(NormOps_EmptyRow.selector);
        h.element(uint8(OpKind.LayerNormStats), 0, 0, "", "", _eps(1));
        vm.expectRevert(NormOps_EmptyRow.selector);
        h.meanOfProducts("", "");
    }

    function test_layerNormStats_columnOutside_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 2, 2));
        h.element(uint8(OpKind.LayerNormStats), 0, 2, new bytes(8), "", _eps(1));
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 2, 2));
        h.element(uint8(OpKind.LayerNormBackwardStats), 0, 2, new bytes(8), new bytes(8), _none());
    }

    function test_layerNormApply_statsWidth_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(NormOps_StatsWidth.selector, 2, 3));
        h.element(uint8(OpKind.LayerNormApply), 0, 0, new bytes(8), new bytes(12), _none());
    }

    function test_mulColumn_gainNotSingle_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(LeafEvaluator_NotASingleEntry.selector, 8));
        h.element(uint8(OpKind.MulColumn), 0, 0, new bytes(8), new bytes(8), _none());
    }

    function test_sameShapeRowsDiffer_reverts() public {
        uint8[3] memory ops =
            [uint8(OpKind.LayerNormBackwardStats), uint8(OpKind.MulElementwise), uint8(OpKind.GeluBackward)];
        for (uint256 i; i < ops.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(FixedPoint_RowLengthMismatch.selector, 8, 12));
            h.element(ops[i], 0, 0, new bytes(8), new bytes(12), _none());
        }
    }

    function test_layerNormBackward_malformed_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(NormOps_OddPackedWidth.selector, 3));
        h.element(uint8(OpKind.LayerNormBackward), 0, 0, new bytes(12), new bytes(16), _none());
        vm.expectRevert(abi.encodeWithSelector(NormOps_StatsWidth.selector, 4, 2));
        h.element(uint8(OpKind.LayerNormBackward), 0, 0, new bytes(16), new bytes(8), _none());
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 2, 2));
        h.element(uint8(OpKind.LayerNormBackward), 0, 2, new bytes(16), new bytes(16), _none());
    }

    function test_concatColumns_columnOutside_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 5, 5));
        h.element(uint8(OpKind.ConcatColumns), 0, 5, new bytes(8), new bytes(12), _none());
    }

    function test_element_columnOutside_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 2, 2));
        h.element(uint8(OpKind.Gelu), 0, 2, new bytes(8), "", _none());
    }

    function test_element_notPacked_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_RowNotPacked.selector, 6));
        h.element(uint8(OpKind.LayerNormStats), 0, 0, new bytes(6), "", _eps(1));
    }

    function test_elementBatch_lengthMismatch_reverts() public {
        vm.expectRevert(NormOpsHarness.NormOpsHarness_LengthMismatch.selector);
        h.elementBatch(uint8(OpKind.Gelu), new uint256[](2), new uint256[](1), new bytes[](2), new bytes[](2), _none());
    }

    // ------------------------------------------------------------------------ totality (fuzz)

    function testFuzz_gelu_totalAndBounded(int32 x) public view {
        int256 g = h.gelu(x);
        int256 d = h.geluDerivative(x);
        if (x >= 0) assertTrue(g >= 0 && g <= x, "0 <= gelu(x) <= x for x >= 0");
        else assertTrue(g <= 0 && g >= -11_200 && g >= x, "x <= gelu(x) <= 0, above -0.171 for x < 0");
        assertTrue(d >= -11_500 && d <= 74_500, "gelu' in [-0.175, 1.137]");
    }

    function testFuzz_sigmoid_inRange(int256 z) public view {
        int256 s = h.sigmoid(z);
        assertTrue(s >= 0 && s <= ONE, "sigmoid in [0, ONE]");
    }

    function testFuzz_rowStats_totalAndInRange(uint256 seed, uint16 width, uint256 eps) public view {
        uint256 n = bound(width, 1, 64);
        bytes memory v = _randomRow(seed, n);
        eps = bound(eps, 1, 2 ** 31 - 1);
        int256 m = h.rowMean(v);
        int256 lo = type(int32).max;
        int256 hi = type(int32).min;
        for (uint256 i; i < n; ++i) {
            int256 x = int32(uint32(bytes4(_slice4(v, i))));
            if (x < lo) lo = x;
            if (x > hi) hi = x;
        }
        assertTrue(m >= lo && m <= hi, "mean between the row's min and max");
        int256 r = h.rowRstd(v, eps);
        assertTrue(r >= 0 && r <= 2 ** 24, "rstd in [0, 2^24]");
    }

    function testFuzz_normRules_total(int32 g, int32 xhat, int32 m1, int32 m2, int32 rstd) public view {
        h.normalize(g, m1, rstd);
        h.normBackward(g, xhat, m1, m2, rstd);
        assertEq(h.normBackward(g, xhat, m1, m2, 0), int256(0), "rstd 0 gives 0");
    }

    function testFuzz_element_total(uint8 op, uint256 seed, uint16 width, uint256 col, uint256 eps) public view {
        op = uint8(bound(op, uint8(OpKind.LayerNormStats), uint8(OpKind.GeluBackward)));
        uint256 n = bound(width, 1, 64);
        bytes memory in0 = _randomRow(seed, n);
        bytes memory in1 = _randomRow(seed ^ 1, n);
        uint256 cols = n;
        uint256[] memory attrs = _none();
        if (op == uint8(OpKind.LayerNormStats)) {
            (in1, cols, attrs) = ("", 2, _eps(bound(eps, 1, 2 ** 31 - 1)));
        } else if (op == uint8(OpKind.LayerNormApply)) {
            in1 = _randomRow(seed ^ 2, 2);
        } else if (op == uint8(OpKind.MulColumn)) {
            in1 = _randomRow(seed ^ 2, 1);
        } else if (op == uint8(OpKind.LayerNormBackwardStats)) {
            cols = 2;
        } else if (op == uint8(OpKind.LayerNormBackward)) {
            (in0, in1) = (_randomRow(seed, 2 * n), _randomRow(seed ^ 2, 4));
        } else if (op == uint8(OpKind.ConcatColumns)) {
            in1 = _randomRow(seed ^ 2, width % 9);
            cols = n + width % 9;
        } else if (op == uint8(OpKind.Gelu)) {
            in1 = "";
        }
        h.element(op, 0, bound(col, 0, cols - 1), in0, in1, attrs);
    }

    // ------------------------------------------------------------------------------------ gas

    /// @dev A well-scaled packed row (values within ±4.0) of width n.
    function _scaledRow(uint256 seed, uint256 n) private pure returns (bytes memory) {
        int256[] memory v = new int256[](n);
        for (uint256 i; i < n; ++i) {
            v[i] = int256(uint256(keccak256(abi.encode(seed, i))) % uint256(8 * ONE)) - 4 * ONE;
        }
        return _pack(v);
    }

    /// @dev Gas of one warm harness element call of `op` (the call and the rows' calldata included).
    function _gasOf(uint8 op, uint256 col, bytes memory in0, bytes memory in1, uint256[] memory attrs)
        private
        view
        returns (uint256 used)
    {
        uint256 before = gasleft();
        h.element(op, 0, col, in0, in1, attrs);
        used = before - gasleft();
    }

    /// @dev Measures one element of `op` at d = 64, 128 and 768 and logs the figures.
    function _gasAtWidths(uint8 op, string memory name, uint256 limit768) private {
        uint16[3] memory widths = [uint16(64), 128, 768];
        for (uint256 w; w < 3; ++w) {
            vm.pauseGasMetering();
            uint256 d = widths[w];
            bytes memory in0 = _scaledRow(d, d);
            bytes memory in1 = _scaledRow(d + 1, d);
            uint256 col = d / 2;
            uint256[] memory attrs = _none();
            if (op == uint8(OpKind.LayerNormStats)) (in1, col, attrs) = ("", 1, _eps(1));
            if (op == uint8(OpKind.LayerNormApply)) in1 = _pack(_pair(ONE / 3, 58_617));
            if (op == uint8(OpKind.MulColumn)) in1 = _scaledRow(7, 1);
            if (op == uint8(OpKind.LayerNormBackwardStats)) col = 1;
            if (op == uint8(OpKind.LayerNormBackward)) (in0, in1) = (_scaledRow(d, 2 * d), _scaledRow(9, 4));
            if (op == uint8(OpKind.Gelu)) in1 = "";
            _gasOf(op, col, in0, in1, attrs); // warm the harness account: every figure is a warm call
            vm.resumeGasMetering();
            uint256 used = _gasOf(op, col, in0, in1, attrs);
            vm.pauseGasMetering();
            emit log_named_uint(string.concat(name, " element gas, d = ", vm.toString(d)), used);
            if (d == 768) assertLt(used, limit768, string.concat(name, " element gas at d = 768"));
            vm.resumeGasMetering();
        }
    }

    function _pair(int256 a, int256 b) private pure returns (int256[] memory v) {
        v = new int256[](2);
        (v[0], v[1]) = (a, b);
    }

    function test_gas_layerNormStats() public {
        _gasAtWidths(uint8(OpKind.LayerNormStats), "layer_norm_stats (rstd)", 100_000);
    }

    function test_gas_layerNormApply() public {
        _gasAtWidths(uint8(OpKind.LayerNormApply), "layer_norm_apply", 30_000);
    }

    function test_gas_mulColumn() public {
        _gasAtWidths(uint8(OpKind.MulColumn), "mul_column", 30_000);
    }

    function test_gas_layerNormBackwardStats() public {
        _gasAtWidths(uint8(OpKind.LayerNormBackwardStats), "layer_norm_backward_stats (m2)", 100_000);
    }

    function test_gas_layerNormBackward() public {
        _gasAtWidths(uint8(OpKind.LayerNormBackward), "layer_norm_backward", 30_000);
    }

    function test_gas_concatColumns() public {
        _gasAtWidths(uint8(OpKind.ConcatColumns), "concat_columns", 30_000);
    }

    function test_gas_mulElementwise() public {
        _gasAtWidths(uint8(OpKind.MulElementwise), "mul_elementwise", 30_000);
    }

    function test_gas_gelu() public {
        _gasAtWidths(uint8(OpKind.Gelu), "gelu", 30_000);
    }

    function test_gas_geluBackward() public {
        _gasAtWidths(uint8(OpKind.GeluBackward), "gelu_backward", 30_000);
    }
}
