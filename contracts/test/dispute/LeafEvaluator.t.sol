// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {VectorTest} from "./VectorTest.sol";
import {LeafEvaluatorHarness} from "../../harness/LeafEvaluatorHarness.sol";
import {OpKind} from "../../src/types/DisputeTypes.sol";
import {
    FixedPoint_RowNotPacked,
    FixedPoint_RowLengthMismatch,
    FixedPoint_ColumnOutOfRange,
    FixedPoint_ShiftOutOfRange,
    FixedPoint_EtaOutOfRange,
    LeafEvaluator_NotASingleEntry,
    LeafEvaluator_UnknownOp,
    LeafEvaluator_ZeroFanIn,
    LeafEvaluator_EmptyDataset
} from "../../src/dispute/lib/Errors.sol";

/// @notice Mirror tests of the leaf evaluator: every vector of core's shared file
///         core/src/test/resources/vectors/fixed-point.json (written by the Java rules,
///         `FixedPointVectors`) must come out bit for bit from the Solidity libraries, called
///         through `LeafEvaluatorHarness` as the Java differential test calls them. Fuzz tests
///         show every rule is total on well-formed inputs; `test_gas_*` record the widest check.
contract LeafEvaluatorTest is VectorTest {
    LeafEvaluatorHarness private h;

    function setUp() public {
        h = new LeafEvaluatorHarness();
        json = _vectors("fixed-point.json");
    }

    // ---------------------------------------------------------------------------- JSON helpers

    function _opKind(string memory name) private pure returns (uint8) {
        bytes32 n = keccak256(bytes(name));
        if (n == keccak256("matmul")) return uint8(OpKind.MatMul);
        if (n == keccak256("transpose")) return uint8(OpKind.Transpose);
        if (n == keccak256("add_bias")) return uint8(OpKind.AddBias);
        if (n == keccak256("relu")) return uint8(OpKind.Relu);
        if (n == keccak256("relu_backward")) return uint8(OpKind.ReluBackward);
        if (n == keccak256("softmax_xent_grad")) return uint8(OpKind.SoftmaxXentGrad);
        if (n == keccak256("row_sum")) return uint8(OpKind.RowSum);
        if (n == keccak256("sgd_update")) return uint8(OpKind.SgdUpdate);
        if (n == keccak256("gather_rows")) return uint8(OpKind.GatherRows);
        revert(string.concat("unknown op in vectors: ", name));
    }

    // ------------------------------------------------------------------------- scalar vectors

    function test_vectors_roundShift() public view {
        uint256 n = _count("roundShift");
        assertGt(n, 0, "no roundShift vectors");
        for (uint256 i; i < n; ++i) {
            int256 got = h.roundShift(_int(_k("roundShift", i, ".x")), _uint(_k("roundShift", i, ".s")));
            assertEq(got, _int(_k("roundShift", i, ".out")), string.concat("roundShift #", vm.toString(i)));
        }
    }

    function test_vectors_mul() public view {
        uint256 n = _count("mul");
        assertGt(n, 0, "no mul vectors");
        for (uint256 i; i < n; ++i) {
            int32 a = int32(_int(_k("mul", i, ".a")));
            int32 b = int32(_int(_k("mul", i, ".b")));
            assertEq(h.mul(a, b), _int(_k("mul", i, ".out")), string.concat("mul #", vm.toString(i)));
        }
    }

    function test_vectors_dot() public view {
        uint256 n = _count("dot");
        assertGt(n, 0, "no dot vectors");
        for (uint256 i; i < n; ++i) {
            int32 got = h.dot(_row(_k("dot", i, ".a")), _row(_k("dot", i, ".b")));
            assertEq(got, _int(_k("dot", i, ".out")), string.concat("dot #", vm.toString(i)));
        }
    }

    function test_vectors_dotWide784() public view {
        bytes memory a = _row(".dotWide.a");
        assertEq(a.length, 784 * 4, "dotWide is 784 wide");
        assertEq(h.dot(a, _row(".dotWide.b")), _int(".dotWide.out"), "784-wide dot");
    }

    function test_vectors_sum() public view {
        uint256 n = _count("sum");
        assertGt(n, 0, "no sum vectors");
        for (uint256 i; i < n; ++i) {
            assertEq(
                h.sum(_row(_k("sum", i, ".values"))), _int(_k("sum", i, ".out")), string.concat("sum #", vm.toString(i))
            );
        }
    }

    function test_vectors_expNonPositive() public view {
        uint256 n = _count("exp");
        assertGt(n, 0, "no exp vectors");
        for (uint256 i; i < n; ++i) {
            int256 got = h.expNonPositive(_int(_k("exp", i, ".x")));
            assertEq(got, _int(_k("exp", i, ".out")), string.concat("exp #", vm.toString(i)));
        }
    }

    function test_vectors_softmaxAt() public view {
        uint256 n = _count("softmax");
        assertGt(n, 0, "no softmax vectors");
        for (uint256 i; i < n; ++i) {
            int32 got = h.softmaxAt(_row(_k("softmax", i, ".logits")), _uint(_k("softmax", i, ".k")));
            assertEq(got, _int(_k("softmax", i, ".out")), string.concat("softmax #", vm.toString(i)));
        }
    }

    function test_vectors_sgd() public view {
        uint256 n = _count("sgd");
        assertGt(n, 0, "no sgd vectors");
        for (uint256 i; i < n; ++i) {
            int32 w = int32(_int(_k("sgd", i, ".w")));
            int32 g = int32(_int(_k("sgd", i, ".g")));
            int32 got = h.sgd(w, g, _uint(_k("sgd", i, ".eta")));
            assertEq(got, _int(_k("sgd", i, ".out")), string.concat("sgd #", vm.toString(i)));
        }
    }

    function test_vectors_sqrt() public view {
        uint256 n = _count("sqrt");
        assertGt(n, 0, "no sqrt vectors");
        for (uint256 i; i < n; ++i) {
            int32 got = h.sqrt(int32(_int(_k("sqrt", i, ".x"))));
            assertEq(got, _int(_k("sqrt", i, ".out")), string.concat("sqrt #", vm.toString(i)));
        }
    }

    function test_vectors_div() public view {
        uint256 n = _count("div");
        assertGt(n, 0, "no div vectors");
        for (uint256 i; i < n; ++i) {
            int32 got = h.div(int32(_int(_k("div", i, ".a"))), int32(_int(_k("div", i, ".b"))));
            assertEq(got, _int(_k("div", i, ".out")), string.concat("div #", vm.toString(i)));
        }
    }

    // ----------------------------------------------------------------------------- op vectors

    function test_vectors_everyOpElement() public view {
        uint256 seen = _checkOps("ops");
        assertGe(seen, 72, "ops vectors");
        _checkOps("opsWide");
    }

    /// @dev Every case lists the rows its element depends on (input 0, then input 1).
    function _checkOps(string memory list) private view returns (uint256 n) {
        n = _count(list);
        uint256 kinds;
        for (uint256 i; i < n; ++i) {
            uint8 op = _opKind(vm.parseJsonString(json, _k(list, i, ".op")));
            kinds |= 1 << op;
            uint256[] memory pos = vm.parseJsonUintArray(json, _k(list, i, ".position"));
            bytes memory in0 = _row(_k(list, i, ".rows[0].values"));
            bytes memory in1;
            if (vm.keyExistsJson(json, _k(list, i, ".rows[1]"))) {
                assertEq(_uint(_k(list, i, ".rows[1].input")), 1, "second row is input 1");
                in1 = _row(_k(list, i, ".rows[1].values"));
            }
            uint256 eta = vm.keyExistsJson(json, _k(list, i, ".eta")) ? _uint(_k(list, i, ".eta")) : 0;
            int32 got = h.element(op, pos[0], pos[1], in0, in1, eta);
            assertEq(got, _int(_k(list, i, ".out")), string.concat(list, " #", vm.toString(i)));
        }
        if (keccak256(bytes(list)) == keccak256("ops")) assertEq(kinds, 0x1FF, "every op has vectors");
    }

    // ---------------------------------------------------------------------- generator vectors

    function test_vectors_generatorWords() public view {
        uint256 n = _count("generator.words");
        assertGt(n, 0, "no word vectors");
        for (uint256 i; i < n; ++i) {
            bytes32 got = h.word(
                uint64(_uint(_k("generator.words", i, ".seed"))),
                _uint(_k("generator.words", i, ".tag")),
                uint64(_uint(_k("generator.words", i, ".a"))),
                uint64(_uint(_k("generator.words", i, ".counter")))
            );
            assertEq(got, vm.parseJsonBytes32(json, _k("generator.words", i, ".word")), "word");
        }
        for (uint256 i; i < _count("generator.initAmplitude"); ++i) {
            assertEq(
                h.initAmplitude(_uint(_k("generator.initAmplitude", i, ".fanIn"))),
                _uint(_k("generator.initAmplitude", i, ".amplitude")),
                "amplitude"
            );
        }
    }

    function test_vectors_initialWeightsOfSmallMlp() public view {
        // mlp:3-2-2, seed 9: W1 is 2 x 3 (parameter 0, fan-in 3).
        for (uint32 r; r < 2; ++r) {
            int256[] memory row =
                vm.parseJsonIntArray(json, string.concat(".generator.initW1_mlp_3_2_2_seed9[", vm.toString(r), "]"));
            for (uint32 c; c < 3; ++c) {
                assertEq(h.initialParameter(9, 0, r, c, 3), row[c], "init W1 element");
            }
        }
    }

    function test_vectors_initialParametersOfMnistMlp() public view {
        uint256 n = _count("initElements");
        assertGt(n, 0, "no init vectors");
        for (uint256 i; i < n; ++i) {
            int32 got = h.initialParameter(
                uint64(_uint(_k("initElements", i, ".seed"))),
                uint64(_uint(_k("initElements", i, ".param"))),
                uint32(_uint(_k("initElements", i, ".row"))),
                uint32(_uint(_k("initElements", i, ".col"))),
                uint32(_uint(_k("initElements", i, ".cols")))
            );
            assertEq(got, _int(_k("initElements", i, ".out")), string.concat("init #", vm.toString(i)));
        }
    }

    function test_vectors_batchIndices() public view {
        uint256[] memory idx = vm.parseJsonUintArray(json, ".generator.batchIndices_seed1_step0_b8_n8000");
        uint256[] memory got = h.batchIndices(1, 0, uint64(idx.length), 8000);
        for (uint256 b; b < idx.length; ++b) {
            assertEq(got[b], idx[b], "batch index (seed 1, step 0)");
        }
        uint256 n = _count("batchIndexCases");
        assertGt(n, 0, "no batch vectors");
        for (uint256 i; i < n; ++i) {
            uint256 out = h.batchIndex(
                uint64(_uint(_k("batchIndexCases", i, ".seed"))),
                uint64(_uint(_k("batchIndexCases", i, ".step"))),
                uint64(_uint(_k("batchIndexCases", i, ".b"))),
                _uint(_k("batchIndexCases", i, ".n"))
            );
            assertEq(out, _uint(_k("batchIndexCases", i, ".out")), string.concat("batch #", vm.toString(i)));
        }
    }

    // --------------------------------------------------------------------- commitment vectors

    function test_vectors_rowLeafAndTensorRoots() public view {
        bytes32[4] memory leaves;
        for (uint32 r; r < 3; ++r) {
            leaves[r] = h.rowLeaf(r, _row(string.concat(".commitments.tensorA[", vm.toString(r), "]")));
        }
        assertEq(leaves[1], vm.parseJsonBytes32(json, ".commitments.tensorARow1Leaf"), "row leaf");
        // 3 leaves padded with a zero leaf to 4.
        bytes32 tree = h.node(h.node(leaves[0], leaves[1]), h.node(leaves[2], bytes32(0)));
        assertEq(h.tensorRoot(3, 4, tree), vm.parseJsonBytes32(json, ".commitments.tensorARoot"), "tensor A root");
        bytes32 b0 = h.rowLeaf(0, _row(".commitments.tensorB[0]"));
        bytes32 b1 = h.rowLeaf(1, _row(".commitments.tensorB[1]"));
        assertEq(h.tensorRoot(2, 1, h.node(b0, b1)), vm.parseJsonBytes32(json, ".commitments.tensorBRoot"), "B root");
    }

    function test_vectors_rowProofsVerify() public view {
        uint256 n = _count("rowProofs");
        assertGt(n, 0, "no proof vectors");
        for (uint256 t; t < n; ++t) {
            bytes32 root = vm.parseJsonBytes32(json, _k("rowProofs", t, ".root"));
            uint32 rows = uint32(_uint(_k("rowProofs", t, ".rows")));
            uint32 cols = uint32(_uint(_k("rowProofs", t, ".cols")));
            for (uint256 i; i < rows; ++i) {
                string memory p = string.concat(_k("rowProofs", t, ".proofs"), "[", vm.toString(i), "]");
                bytes memory row = _row(string.concat(p, ".values"));
                bytes32[] memory sib = vm.parseJsonBytes32Array(json, string.concat(p, ".siblings"));
                assertEq(h.rowLeaf(uint32(i), row), vm.parseJsonBytes32(json, string.concat(p, ".leaf")), "leaf");
                assertTrue(h.verifyRow(root, rows, cols, i, row, sib), "honest proof verifies");
                _assertTamperedProofsFail(root, rows, cols, i, row, sib);
            }
        }
    }

    function _assertTamperedProofsFail(
        bytes32 root,
        uint32 rows,
        uint32 cols,
        uint256 i,
        bytes memory row,
        bytes32[] memory sib
    ) private view {
        bytes memory flipped = bytes.concat(row);
        flipped[flipped.length - 1] ^= 0x01;
        assertFalse(h.verifyRow(root, rows, cols, i, flipped, sib), "changed value rejected");
        assertFalse(h.verifyRow(root, rows, cols + 1, i, row, sib), "wrong width rejected");
        assertFalse(h.verifyRow(root, rows, cols, i + rows, row, sib), "index outside rejected");
        if (sib.length > 0) {
            assertFalse(h.verifyRow(root, rows, cols, i ^ 1, row, sib), "other index rejected");
            sib[0] ^= bytes32(uint256(1));
            assertFalse(h.verifyRow(root, rows, cols, i, row, sib), "changed sibling rejected");
            sib[0] ^= bytes32(uint256(1));
        }
    }

    // ------------------------------------------------------------------------------------ gas

    /// @notice The widest element check of mlp:784-128-10: one 784-wide dot product (a W1 row
    ///         against an input row), rows as packed int32 calldata. Vector parsing is not metered,
    ///         so the snapshot figure is the harness call alone.
    function test_gas_matMulElement784() public {
        vm.pauseGasMetering();
        bytes memory a = _row(".dotWide.a");
        bytes memory b = _row(".dotWide.b");
        int256 expected = _int(".dotWide.out");
        vm.resumeGasMetering();
        uint256 before = gasleft();
        int32 got = h.opMatMul(a, b);
        uint256 used = before - gasleft();
        vm.pauseGasMetering();
        assertEq(got, expected, "784-wide element");
        emit log_named_uint("opMatMul(784) call gas", used);
        assertLt(used, 100_000, "784-wide dot product execution gas");
        vm.resumeGasMetering();
    }

    /// @notice A 10-class softmax-CE gradient element (the output layer's widest elementwise check).
    function test_gas_softmaxXentGradElement10() public {
        vm.pauseGasMetering();
        int256[] memory z = new int256[](10);
        for (uint256 j; j < 10; ++j) {
            z[j] = int256(j) * 40_000 - 150_000;
        }
        bytes memory logits = _pack(z);
        int256[] memory y = new int256[](1);
        y[0] = 3;
        bytes memory label = _pack(y);
        vm.resumeGasMetering();
        uint256 before = gasleft();
        h.element(uint8(OpKind.SoftmaxXentGrad), 0, 3, logits, label, 0);
        uint256 used = before - gasleft();
        vm.pauseGasMetering();
        emit log_named_uint("softmaxXentGrad(10) call gas", used);
        assertLt(used, 60_000, "softmax element gas");
        vm.resumeGasMetering();
    }

    // --------------------------------------------------------------------------- malformed input

    function test_dot_lengthMismatch_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_RowLengthMismatch.selector, 4, 8));
        h.dot(new bytes(4), new bytes(8));
    }

    function test_dot_notPacked_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_RowNotPacked.selector, 6));
        h.dot(new bytes(6), new bytes(6));
    }

    function test_element_columnOutside_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 2, 2));
        h.element(uint8(OpKind.Relu), 0, 2, new bytes(8), "", 0);
    }

    function test_element_softmaxColumnOutside_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ColumnOutOfRange.selector, 3, 3));
        h.element(uint8(OpKind.SoftmaxXentGrad), 0, 3, new bytes(12), new bytes(4), 0);
    }

    function test_element_biasRowNotSingle_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(LeafEvaluator_NotASingleEntry.selector, 8));
        h.element(uint8(OpKind.AddBias), 0, 0, new bytes(8), new bytes(8), 0);
    }

    function test_element_sameShapeRowsDiffer_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_RowLengthMismatch.selector, 8, 12));
        h.element(uint8(OpKind.SgdUpdate), 0, 0, new bytes(8), new bytes(12), 1);
    }

    function test_element_unknownOp_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(LeafEvaluator_UnknownOp.selector, 9));
        h.element(9, 0, 0, new bytes(4), new bytes(4), 0);
    }

    function test_sgd_etaOutOfRange_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_EtaOutOfRange.selector, uint256(2 ** 31)));
        h.sgd(1, 1, 2 ** 31);
    }

    function test_roundShift_zeroShift_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(FixedPoint_ShiftOutOfRange.selector, 0));
        h.roundShift(5, 0);
    }

    function test_generator_degenerateSizes_revert() public {
        vm.expectRevert(LeafEvaluator_ZeroFanIn.selector);
        h.initAmplitude(0);
        vm.expectRevert(LeafEvaluator_EmptyDataset.selector);
        h.batchIndex(1, 0, 0, 0);
    }

    // ------------------------------------------------------------------------ totality (fuzz)

    function testFuzz_dot_total(uint256 seed, uint16 width) public view {
        uint256 n = bound(width, 0, 800);
        int32 got = h.dot(_randomRow(seed, n), _randomRow(seed ^ 1, n));
        if (n == 0) assertEq(got, int256(0), "empty dot is 0");
    }

    function testFuzz_dot_allExtremes_saturates(bool aMin, bool bMin) public view {
        int256[] memory a = new int256[](784);
        int256[] memory b = new int256[](784);
        for (uint256 i; i < 784; ++i) {
            a[i] = aMin ? type(int32).min : type(int32).max;
            b[i] = bMin ? type(int32).min : type(int32).max;
        }
        int256 expected = aMin == bMin ? int256(type(int32).max) : int256(type(int32).min);
        assertEq(h.dot(_pack(a), _pack(b)), expected, "784 extreme products saturate");
    }

    function testFuzz_sum_total(uint256 seed, uint16 width) public view {
        h.sum(_randomRow(seed, bound(width, 0, 800)));
    }

    function testFuzz_mul_total(int32 a, int32 b) public view {
        h.mul(a, b);
        assertEq(h.mul(a, int32(ONE)), int256(a), "x * 1.0 = x");
        h.add(a, b);
        h.sub(a, b);
    }

    function testFuzz_sgd_total(int32 w, int32 g, uint256 eta) public view {
        eta = bound(eta, 0, 2 ** 31 - 1);
        h.sgd(w, g, eta);
        assertEq(h.sgd(w, g, 0), int256(w), "eta 0 leaves w");
    }

    function testFuzz_expNonPositive_total(int256 x) public view {
        int256 e = h.expNonPositive(x);
        assertTrue(e >= 0 && e <= ONE, "exp in [0, ONE]");
    }

    function testFuzz_softmax_total(uint256 seed, uint8 width, uint8 k) public view {
        uint256 n = bound(width, 1, 16);
        int32 p = h.softmaxAt(_randomRow(seed, n), bound(k, 0, n - 1));
        assertTrue(p >= 0 && p <= ONE, "probability in [0, ONE]");
    }

    function testFuzz_element_total(uint8 op, uint256 seed, uint16 width, uint256 row, uint256 col, uint256 eta)
        public
        view
    {
        op = uint8(bound(op, 0, uint8(OpKind.GatherRows))); // the MLP ops; network ops have their own evaluators
        uint256 n = bound(width, 1, 64);
        col = bound(col, 0, n - 1);
        row = bound(row, 0, n - 1);
        eta = bound(eta, 0, 2 ** 31 - 1);
        bytes memory in0 = _randomRow(seed, n);
        bytes memory in1 = _randomRow(seed ^ 1, n);
        if (op == uint8(OpKind.AddBias) || op == uint8(OpKind.SoftmaxXentGrad)) in1 = _randomRow(seed ^ 2, 1);
        if (op == uint8(OpKind.Transpose) || op == uint8(OpKind.Relu) || op == uint8(OpKind.RowSum)) in1 = "";
        h.element(op, row, col, in0, in1, eta);
    }

    function testFuzz_initialParameter_total(uint64 seed, uint64 param, uint32 row, uint32 col, uint32 cols)
        public
        view
    {
        cols = uint32(bound(cols, 1, type(uint32).max));
        col = uint32(bound(col, 0, cols - 1));
        int256 w = h.initialParameter(seed, param, row, col, cols);
        int256 amp = int256(h.initAmplitude(cols));
        assertTrue(w >= -amp && w <= amp, "init weight within the amplitude");
        if (param % 2 == 1) assertEq(w, int256(0), "biases start at 0");
    }

    function testFuzz_batchIndex_total(uint64 seed, uint64 step, uint64 b, uint256 n) public view {
        n = bound(n, 1, type(uint256).max);
        assertLt(h.batchIndex(seed, step, b, n), n, "index inside the dataset");
    }

    function testFuzz_verifyRow_neverReverts(
        bytes32 root,
        uint32 rows,
        uint32 cols,
        uint256 index,
        uint256 seed,
        bytes32[] calldata siblings
    ) public view {
        h.verifyRow(root, rows, cols, index, _randomRow(seed, bound(cols, 0, 16)), siblings);
    }
}
