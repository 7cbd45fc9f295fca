// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Test} from "../base/Test.sol";
import {OpGraphHarness} from "../../harness/OpGraphHarness.sol";
import {GraphNode} from "../../src/dispute/lib/OpGraph.sol";
import {OpGraph_MalformedNode, OpGraph_UnknownVersion} from "../../src/dispute/lib/Errors.sol";

/// @notice Mirror tests of the op-graph commitment: every node of the shared vectors
///         (test/vectors/op-graph.json, written by protocol's `OpGraphVectors`) must hash, prove
///         and decode on chain exactly as in Java, and no altered node may prove.
contract OpGraphTest is Test {
    OpGraphHarness private h;
    string private json;

    function setUp() public {
        h = new OpGraphHarness();
        json = vm.readFile(string.concat(vm.projectRoot(), "/test/vectors/op-graph.json"));
    }

    function _g(uint256 g, string memory field) private pure returns (string memory) {
        return string.concat(".graphs[", vm.toString(g), "]", field);
    }

    function _n(uint256 g, uint256 i, string memory field) private pure returns (string memory) {
        return string.concat(".graphs[", vm.toString(g), "].nodes[", vm.toString(i), "]", field);
    }

    function test_vectors_everyNodeHashesProvesAndDecodes() public view {
        uint256 checked;
        for (uint256 g; vm.keyExistsJson(json, _g(g, ".root")); ++g) {
            bytes32 root = vm.parseJsonBytes32(json, _g(g, ".root"));
            uint32 params = uint32(vm.parseJsonUint(json, _g(g, ".params")));
            uint32 data = uint32(vm.parseJsonUint(json, _g(g, ".data")));
            uint32 count = uint32(vm.parseJsonUint(json, _g(g, ".count")));
            assertEq(h.graphRoot(params, data, count, vm.parseJsonBytes32(json, _g(g, ".treeRoot"))), root, "root");
            for (uint256 i; i < count; ++i) {
                bytes memory enc = vm.parseJsonBytes(json, _n(g, i, ".encoding"));
                bytes32[] memory proof = vm.parseJsonBytes32Array(json, _n(g, i, ".proof"));
                assertEq(h.nodeLeaf(i, enc), vm.parseJsonBytes32(json, _n(g, i, ".leaf")), "leaf");
                assertTrue(h.verifyNode(root, params, data, count, i, enc, proof), "proof");
                _assertDecoded(g, i, h.decode(enc));
                _assertAlteredNodesFail(root, params, data, count, i, enc, proof);
                ++checked;
            }
        }
        assertGt(checked, 40, "too few node vectors");
    }

    function _assertDecoded(uint256 g, uint256 i, GraphNode memory node) private view {
        assertEq(node.kind, vm.parseJsonUint(json, _n(g, i, ".kind")), "kind");
        assertEq(node.in0, vm.parseJsonUint(json, _n(g, i, ".in0")), "in0");
        assertEq(node.in1, vm.parseJsonUint(json, _n(g, i, ".in1")), "in1");
        assertEq(node.rows, vm.parseJsonUint(json, _n(g, i, ".rows")), "rows");
        assertEq(node.cols, vm.parseJsonUint(json, _n(g, i, ".cols")), "cols");
        uint256[] memory attrs = vm.parseJsonUintArray(json, _n(g, i, ".attrs"));
        assertEq(node.attrs.length, attrs.length, "attr count");
        for (uint256 k; k < attrs.length; ++k) {
            assertEq(node.attrs[k], attrs[k], "attr");
        }
    }

    function _assertAlteredNodesFail(
        bytes32 root,
        uint32 params,
        uint32 data,
        uint32 count,
        uint256 i,
        bytes memory enc,
        bytes32[] memory proof
    ) private view {
        for (uint256 b = 1; b < enc.length; b += 3) {
            bytes memory altered = bytes.concat(enc);
            altered[b] = bytes1(uint8(altered[b]) ^ 0x01);
            assertFalse(h.verifyNode(root, params, data, count, i, altered, proof), "altered byte");
        }
        assertFalse(h.verifyNode(root, params, data, count, (i + 1) % count, enc, proof), "other index");
        assertFalse(h.verifyNode(root, params + 1, data, count, i, enc, proof), "other header");
        assertFalse(h.verifyNode(root, params, data, count, count + i, enc, proof), "index outside");
    }

    function test_decode_malformedNodes_revert() public {
        vm.expectRevert(abi.encodeWithSelector(OpGraph_MalformedNode.selector, 18));
        h.decode(new bytes(18));
        bytes memory good = vm.parseJsonBytes(json, _n(0, 0, ".encoding"));
        bytes memory badVersion = bytes.concat(good);
        badVersion[0] = 0x02;
        vm.expectRevert(abi.encodeWithSelector(OpGraph_UnknownVersion.selector, 2));
        h.decode(badVersion);
        vm.expectRevert(abi.encodeWithSelector(OpGraph_MalformedNode.selector, good.length + 1));
        h.decode(bytes.concat(good, hex"00"));
    }

    function test_verifyNode_tooDeepProof_isFalse() public view {
        bytes memory enc = vm.parseJsonBytes(json, _n(1, 0, ".encoding"));
        bytes32[] memory deep = new bytes32[](17);
        assertFalse(h.verifyNode(bytes32(0), 1, 1, 3, 0, enc, deep));
    }

    function testFuzz_verifyNode_neverReverts(
        bytes32 root,
        uint32 params,
        uint32 data,
        uint32 count,
        uint256 index,
        bytes calldata enc,
        bytes32[] calldata proof
    ) public view {
        h.verifyNode(root, params, data, count, index, enc, proof);
    }

    function testFuzz_decode_wellFormedRoundTrips(uint8 kind, uint32 in0, uint32 rows, uint64 attr, bool withAttr)
        public
        view
    {
        bytes memory enc = abi.encodePacked(uint8(1), kind, in0, uint32(7), rows, uint32(3), uint8(withAttr ? 1 : 0));
        if (withAttr) enc = bytes.concat(enc, abi.encodePacked(attr));
        GraphNode memory n = h.decode(enc);
        assertEq(n.kind, kind);
        assertEq(n.in0, in0);
        assertEq(n.in1, 7);
        assertEq(n.rows, rows);
        assertEq(n.cols, 3);
        assertEq(n.attrs.length, withAttr ? 1 : 0);
        if (withAttr) assertEq(n.attrs[0], attr);
    }
}
