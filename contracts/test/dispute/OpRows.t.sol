// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {VectorTest} from "./VectorTest.sol";
import {OpRowsHarness} from "../../harness/OpRowsHarness.sol";
import {OpRows, RowQuery} from "../../src/dispute/lib/OpRows.sol";
import {OpKind} from "../../src/types/DisputeTypes.sol";
import {
    LeafEvaluator_UnknownOp,
    OpRows_AttributeCount,
    OpRows_AttributeOutOfRange,
    OpRows_WindowTooLarge,
    OpRows_ReadsDataset,
    OpRows_RowOutsideInput
} from "../../src/dispute/lib/Errors.sol";

/// @notice Mirror tests of `OpRows`: every element of the shared vectors (test/vectors/op-rows.json,
///         written by protocol's `OpRowsVectors` from `Op.dependencies` on nodes of real graphs)
///         must read the same rows on chain; malformed nodes and positions revert with their
///         custom errors, never a panic.
contract OpRowsTest is VectorTest {
    OpRowsHarness private h;

    function setUp() public {
        h = new OpRowsHarness();
        // read once here: a test that reads the file pays gas for the checkout's path length
        json = vm.readFile(string.concat(vm.projectRoot(), "/test/vectors/op-rows.json"));
    }

    function _q(OpKind kind, uint256 row, uint256 col, uint256[] memory attrs, uint256 rows0, uint256 rows1)
        private
        pure
        returns (RowQuery memory)
    {
        return RowQuery(uint8(kind), uint32(row), uint32(col), uint32(rows0), 1, uint32(rows1), 1, attrs);
    }

    function _conv(uint256 c, uint256 hw, uint256 k, uint256 s, uint256 p) private pure returns (uint256[] memory a) {
        a = new uint256[](7);
        (a[0], a[1], a[2], a[3], a[4], a[5], a[6]) = (c, hw, hw, k, k, s, p);
    }

    // ---------------------------------------------------------------------------------- vectors

    function test_vectors_everyNodeElement() public view {
        string memory doc = json;
        uint256 n = _count(doc, "nodes");
        uint256[] memory perKind = new uint256[](256);
        uint256 cases;
        for (uint256 i; i < n; ++i) {
            RowQuery memory q;
            q.kind = uint8(vm.parseJsonUint(doc, _k("nodes", i, ".kind")));
            q.attrs = vm.parseJsonUintArray(doc, _k("nodes", i, ".attrs"));
            uint256[] memory s = vm.parseJsonUintArray(doc, _k("nodes", i, ".shapes"));
            (q.rows0, q.cols0, q.rows1, q.cols1) = (uint32(s[0]), uint32(s[1]), uint32(s[2]), uint32(s[3]));
            ++perKind[q.kind];
            uint256 m = _count(doc, string.concat("nodes[", vm.toString(i), "].cases"));
            for (uint256 j; j < m; ++j) {
                int256[] memory c =
                    vm.parseJsonIntArray(doc, _k("nodes", i, string.concat(".cases[", vm.toString(j), "]")));
                (q.row, q.col) = (uint32(uint256(c[0])), uint32(uint256(c[1])));
                (uint256 r0, uint256 r1) = h.rowsRead(q);
                string memory what = string.concat("node #", vm.toString(i), " case #", vm.toString(j));
                assertEq(r0, uint256(c[2]), what);
                assertEq(r1, c[3] < 0 ? OpRows.NONE : uint256(c[3]), what);
                ++cases;
            }
        }
        for (uint256 k; k <= uint8(type(OpKind).max); ++k) {
            if (k == uint8(OpKind.GatherRows)) continue;
            assertGe(perKind[k], 2, string.concat("nodes of op kind ", vm.toString(k)));
        }
        assertGt(cases, 500, "too few element vectors");
    }

    // ------------------------------------------------------------------------ malformed input

    function test_gatherRows_reverts() public {
        vm.expectRevert(OpRows_ReadsDataset.selector);
        h.rowsRead(_q(OpKind.GatherRows, 0, 0, new uint256[](0), 10, 0));
    }

    function test_unknownKind_reverts() public {
        RowQuery memory q = _q(OpKind.MatMul, 0, 0, new uint256[](0), 1, 1);
        q.kind = uint8(type(OpKind).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(LeafEvaluator_UnknownOp.selector, q.kind));
        h.rowsRead(q);
        q.kind = 255;
        vm.expectRevert(abi.encodeWithSelector(LeafEvaluator_UnknownOp.selector, 255));
        h.rowsRead(q);
    }

    function test_attributeCount_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(OpRows_AttributeCount.selector, uint8(OpKind.MatMul), 0, 1));
        h.rowsRead(_q(OpKind.MatMul, 0, 0, _one(1), 1, 1));
        vm.expectRevert(abi.encodeWithSelector(OpRows_AttributeCount.selector, uint8(OpKind.SgdUpdate), 1, 0));
        h.rowsRead(_q(OpKind.SgdUpdate, 0, 0, new uint256[](0), 1, 1));
        vm.expectRevert(abi.encodeWithSelector(OpRows_AttributeCount.selector, uint8(OpKind.Conv2d), 7, 2));
        h.rowsRead(_q(OpKind.Conv2d, 0, 0, _two(1, 1), 1, 1));
        vm.expectRevert(abi.encodeWithSelector(OpRows_AttributeCount.selector, uint8(OpKind.MergeHeads), 3, 2));
        h.rowsRead(_q(OpKind.MergeHeads, 0, 0, _two(1, 1), 1, 0));
        // a graph node of adamw_update carries six constants; the step is not one of them
        vm.expectRevert(abi.encodeWithSelector(OpRows_AttributeCount.selector, uint8(OpKind.AdamWUpdate), 6, 7));
        h.rowsRead(_q(OpKind.AdamWUpdate, 0, 0, new uint256[](7), 1, 1));
    }

    function test_attributeOutOfRange_reverts() public {
        uint256 big = 2 ** 31;
        _expectRange(OpKind.SplitHeads, 0, 0, _two(0, 2));
        _expectRange(OpKind.SplitHeads, 1, big, _two(4, big));
        _expectRange(OpKind.MergeHeads, 2, 0, _three(4, 2, 0));
        _expectRange(OpKind.BlockMatMul, 1, 0, _two(4, 0));
        _expectRange(OpKind.BlockTranspose, 0, big, _two(big, 4));
        _expectRange(OpKind.ChannelsByRow, 1, 0, _two(6, 0));
        _expectRange(OpKind.AddChannelBias, 1, 0, _two(6, 0));
        _expectRange(OpKind.AddPositions, 0, 0, _one(0));
        _expectRange(OpKind.SequenceTokens, 0, 0, _two(0, 1));
        _expectRange(OpKind.Conv2d, 0, 0, _conv(0, 28, 5, 1, 2));
        _expectRange(OpKind.Conv2dInputGrad, 5, 0, _conv(1, 28, 5, 0, 2));
        _expectRange(OpKind.Conv2dWeightGrad, 6, big, _conv(1, 28, 5, 1, big));
    }

    function _expectRange(OpKind kind, uint256 index, uint256 value, uint256[] memory attrs) private {
        vm.expectRevert(abi.encodeWithSelector(OpRows_AttributeOutOfRange.selector, uint8(kind), index, value));
        h.rowsRead(_q(kind, 0, 0, attrs, 1, 1));
    }

    function test_windowTooLarge_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(OpRows_WindowTooLarge.selector, 6, 5));
        h.rowsRead(_q(OpKind.Conv2d, 0, 0, _conv(1, 3, 6, 1, 1), 1, 1));
        uint256[] memory a = _conv(1, 4, 3, 1, 0);
        a[2] = 2; // W = 2 < KW = 3
        vm.expectRevert(abi.encodeWithSelector(OpRows_WindowTooLarge.selector, 3, 2));
        h.rowsRead(_q(OpKind.Conv2dWeightGrad, 0, 0, a, 1, 1));
    }

    function test_rowOutsideInput_reverts() public {
        // matmul element (0, 5) reads row 5 of B
        vm.expectRevert(abi.encodeWithSelector(OpRows_RowOutsideInput.selector, 1, 5, 5));
        h.rowsRead(_q(OpKind.MatMul, 0, 5, new uint256[](0), 1, 5));
        // transpose element (0, 3) reads row 3 of A
        vm.expectRevert(abi.encodeWithSelector(OpRows_RowOutsideInput.selector, 0, 3, 3));
        h.rowsRead(_q(OpKind.Transpose, 0, 3, new uint256[](0), 3, 0));
        // add_positions with T = 4 reads row 7 mod 4 = 3 of a 3-row table
        vm.expectRevert(abi.encodeWithSelector(OpRows_RowOutsideInput.selector, 1, 3, 3));
        h.rowsRead(_q(OpKind.AddPositions, 7, 0, _one(4), 8, 3));
        // sequence_tokens with T = 4: output row 8 is sequence 2 of a 2-row batch
        vm.expectRevert(abi.encodeWithSelector(OpRows_RowOutsideInput.selector, 0, 2, 2));
        h.rowsRead(_q(OpKind.SequenceTokens, 8, 0, _two(4, 0), 2, 0));
    }

    function test_oneInputOpsReadNoSecondRow() public view {
        (uint256 r0, uint256 r1) = h.rowsRead(_q(OpKind.Relu, 3, 2, new uint256[](0), 4, 0));
        assertEq(r0, 3, "relu reads row r");
        assertEq(r1, OpRows.NONE, "relu has one input");
        (r0, r1) = h.rowsRead(_q(OpKind.ChannelsByRow, 1, 13, _two(3, 5), 3, 0));
        assertEq(r0, 2, "channels_by_row reads row col / S");
        assertEq(r1, OpRows.NONE, "channels_by_row has one input");
    }

    // ------------------------------------------------------------------------ totality (fuzz)

    /// @notice Any kind, position, shapes and attributes (of any count, sizes near the edges of
    ///         their range) either give rows inside the inputs or revert with a custom error.
    function testFuzz_rowsRead_neverPanics(
        uint8 kind,
        uint32 row,
        uint32 col,
        uint32 rows0,
        uint32 rows1,
        uint256 seed,
        uint8 count
    ) public view {
        kind %= 44;
        // half the time the kind's own attribute count, so the row rules run
        uint256 n = count % 2 == 0 && kind <= uint8(type(OpKind).max) ? OpRows.attributeCount(OpKind(kind)) : count % 9;
        RowQuery memory q = RowQuery(kind, row, col, rows0, 1, rows1, 1, new uint256[](n));
        for (uint256 i; i < q.attrs.length; ++i) {
            uint256 x = uint256(keccak256(abi.encode(seed, i)));
            uint256 pick = (x >> 128) % 5;
            q.attrs[i] = pick == 0 ? 0 : pick == 1 ? 2 ** 31 - 1 : pick == 2 ? 2 ** 31 : pick == 3 ? x >> 250 : x;
            if (x % 7 == 0) q.attrs[i] = x; // any uint256
        }
        try h.rowsRead(q) returns (uint256 r0, uint256 r1) {
            assertLt(r0, rows0, "row of input 0 inside it");
            if (r1 != OpRows.NONE) assertLt(r1, rows1, "row of input 1 inside it");
        } catch (bytes memory reason) {
            bytes4 s = bytes4(reason);
            assertTrue(
                s == LeafEvaluator_UnknownOp.selector || s == OpRows_AttributeCount.selector
                    || s == OpRows_AttributeOutOfRange.selector || s == OpRows_WindowTooLarge.selector
                    || s == OpRows_ReadsDataset.selector || s == OpRows_RowOutsideInput.selector,
                "a custom error, never a panic"
            );
        }
    }
}
