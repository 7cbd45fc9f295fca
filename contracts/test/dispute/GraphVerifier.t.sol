// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Test} from "../base/Test.sol";
import {GraphDescriptorHarness} from "../../harness/GraphDescriptorHarness.sol";
import {GraphVerifier} from "../../src/dispute/GraphVerifier.sol";
import {IOpEvaluator} from "../../src/interfaces/IOpEvaluator.sol";
import {LeafVerifier} from "../../src/dispute/LeafVerifier.sol";
import {TensorPick, NodeOpening, HyperParams, LeafContext, LeafReveal} from "../../src/types/DisputeTypes.sol";
import {
    GraphVerifier_BadNode,
    GraphVerifier_BadGraph,
    DisputeGame_TensorOutOfRange,
    DisputeGame_RootsMismatch,
    DisputeGame_UnsupportedConfig,
    LeafVerifier_GraphJobsDisabled,
    LeafVerifier_BatchTooLarge
} from "../../src/dispute/lib/Errors.sol";

/// @notice The op-graph half of the leaf verifier against the shared op-graph vectors
///         (test/vectors/op-graph.json): a graph's descriptor is derived from its nodes exactly
///         (root, counts, parameter shapes and next-value ops), a graph whose declarations are out
///         of place or whose parameter's next value is not an op of its shape cannot be registered,
///         and a pick opens only the committed node at the picked position.
contract GraphVerifierTest is Test {
    GraphDescriptorHarness private h;
    GraphVerifier private gv;
    string private json;

    function setUp() public {
        h = new GraphDescriptorHarness();
        IOpEvaluator none = IOpEvaluator(address(0));
        gv = new GraphVerifier(none, none, none, none);
        json = vm.readFile(string.concat(vm.projectRoot(), "/test/vectors/op-graph.json"));
    }

    function _g(uint256 g, string memory field) private pure returns (string memory) {
        return string.concat(".graphs[", vm.toString(g), "]", field);
    }

    function _n(uint256 g, uint256 i, string memory field) private pure returns (string memory) {
        return string.concat(".graphs[", vm.toString(g), "].nodes[", vm.toString(i), "]", field);
    }

    function _nodes(uint256 g) private view returns (bytes[] memory nodes) {
        uint256 count = vm.parseJsonUint(json, _g(g, ".count"));
        nodes = new bytes[](count);
        for (uint256 i; i < count; ++i) {
            nodes[i] = vm.parseJsonBytes(json, _n(g, i, ".encoding"));
        }
    }

    function _opening(uint256 g, uint256 i) private view returns (NodeOpening memory o) {
        o.node = vm.parseJsonBytes(json, _n(g, i, ".encoding"));
        o.proof = vm.parseJsonBytes32Array(json, _n(g, i, ".proof"));
    }

    function test_descriptor_ofEveryVectorGraph() public view {
        for (uint256 g; vm.keyExistsJson(json, _g(g, ".root")); ++g) {
            (uint32[] memory d,) = h.fromNodes(_nodes(g));
            uint256 params = vm.parseJsonUint(json, _g(g, ".params"));
            uint256 data = vm.parseJsonUint(json, _g(g, ".data"));
            uint256 count = vm.parseJsonUint(json, _g(g, ".count"));
            assertEq(h.root(d), vm.parseJsonBytes32(json, _g(g, ".root")), "root");
            assertEq(d[0], 0, "tag");
            assertEq(d[1], params, "params");
            assertEq(d[2], data, "data");
            assertEq(d[3], count - params - data, "ops");
            assertEq(d.length, 12 + 3 * params, "length");
            for (uint256 p; p < params; ++p) {
                assertEq(d[12 + 3 * p], vm.parseJsonUint(json, _n(g, p, ".rows")), "rows");
                assertEq(d[13 + 3 * p], vm.parseJsonUint(json, _n(g, p, ".cols")), "cols");
                assertEq(d[14 + 3 * p], vm.parseJsonUint(json, _n(g, p, ".in0")) - params - data, "next");
            }
        }
    }

    function test_descriptor_declarationsOutOfPlace_revert() public {
        bytes[] memory nodes = _nodes(1);
        (nodes[0], nodes[nodes.length - 1]) = (nodes[nodes.length - 1], nodes[0]);
        // an op first: the parameter after it is out of its place
        vm.expectRevert(abi.encodeWithSelector(GraphVerifier_BadNode.selector, 1));
        h.fromNodes(nodes);
    }

    function test_descriptor_nextValueNotAnOpOfItsShape_reverts() public {
        bytes[] memory nodes = _nodes(1);
        bytes memory p0 = nodes[0];
        // in0 of parameter 0 -> node 4 (the first data input)
        (p0[2], p0[3], p0[4], p0[5]) = (0, 0, 0, bytes1(uint8(4)));
        vm.expectRevert(abi.encodeWithSelector(GraphVerifier_BadNode.selector, 0));
        h.fromNodes(nodes);
        // -> the last op, whose shape is parameter 3's, not parameter 0's
        (p0[2], p0[3], p0[4], p0[5]) = (0, 0, 0, bytes1(uint8(nodes.length - 1)));
        vm.expectRevert(abi.encodeWithSelector(GraphVerifier_BadNode.selector, 0));
        h.fromNodes(nodes);
    }

    function test_descriptor_withoutOps_reverts() public {
        bytes[] memory all = _nodes(1);
        bytes[] memory declarations = new bytes[](6);
        for (uint256 i; i < 6; ++i) {
            declarations[i] = all[i];
        }
        vm.expectRevert(abi.encodeWithSelector(GraphVerifier_BadGraph.selector, 6));
        h.fromNodes(declarations);
        vm.expectRevert(abi.encodeWithSelector(GraphVerifier_BadGraph.selector, 0));
        h.fromNodes(new bytes[](0));
    }

    function test_tensorPick_opensTheCommittedNodeAndBindsItsInputs() public view {
        (uint32[] memory d,) = h.fromNodes(_nodes(1));
        uint256 params = d[1];
        uint256 data = d[2];
        bytes32[] memory roots = new bytes32[](params + d[3]);
        for (uint256 i; i < roots.length; ++i) {
            roots[i] = keccak256(abi.encode(i));
        }
        bytes32 dataset = keccak256("dataset");
        for (uint256 t; t < d[3]; ++t) {
            uint256 id = params + data + t;
            TensorPick memory p = gv.tensorPick(d, false, roots, t, dataset, _opening(1, id));
            assertEq(p.rows, vm.parseJsonUint(json, _n(1, id, ".rows")), "rows");
            assertEq(p.cols, vm.parseJsonUint(json, _n(1, id, ".cols")), "cols");
            assertEq(p.root, roots[params + t], "root");
            assertEq(p.root0, _expectedRoot(vm.parseJsonUint(json, _n(1, id, ".in0")), d, roots, dataset), "in0");
            assertEq(p.root1, _expectedRoot(vm.parseJsonUint(json, _n(1, id, ".in1")), d, roots, dataset), "in1");
        }
    }

    function _expectedRoot(uint256 id, uint32[] memory d, bytes32[] memory roots, bytes32 dataset)
        private
        pure
        returns (bytes32)
    {
        if (id == type(uint32).max) return bytes32(0);
        if (id < d[1]) return roots[id];
        if (id < uint256(d[1]) + d[2]) return dataset;
        return roots[id - d[2]];
    }

    function test_tensorPick_anotherNodeOrAlteredNode_reverts() public {
        (uint32[] memory d,) = h.fromNodes(_nodes(1));
        bytes32[] memory roots = new bytes32[](uint256(d[1]) + d[3]);
        uint256 id = uint256(d[1]) + d[2];
        vm.expectRevert(abi.encodeWithSelector(GraphVerifier_BadNode.selector, id + 1));
        gv.tensorPick(d, false, roots, 1, bytes32(0), _opening(1, id));
        NodeOpening memory o = _opening(1, id);
        o.node[14] = bytes1(uint8(o.node[14]) ^ 1); // one more column
        vm.expectRevert(abi.encodeWithSelector(GraphVerifier_BadNode.selector, id));
        gv.tensorPick(d, false, roots, 0, bytes32(0), o);
        vm.expectRevert(abi.encodeWithSelector(DisputeGame_TensorOutOfRange.selector, d[3], d[3]));
        gv.tensorPick(d, false, roots, d[3], bytes32(0), _opening(1, id));
        vm.expectRevert(DisputeGame_RootsMismatch.selector);
        gv.tensorPick(d, false, new bytes32[](3), 0, bytes32(0), _opening(1, id));
    }

    function test_stepLeaves_nextStateIsEachParametersNextOp() public view {
        (uint32[] memory d,) = h.fromNodes(_nodes(1));
        bytes32[] memory params = new bytes32[](d[1]);
        bytes32[] memory ops = new bytes32[](d[3]);
        for (uint256 i; i < ops.length; ++i) {
            ops[i] = keccak256(abi.encode("op", i));
        }
        for (uint256 p; p < params.length; ++p) {
            params[p] = ops[d[14 + 3 * p]];
        }
        (, bytes32 after_) = gv.stepLeaves(d, 3, params, ops);
        assertEq(after_, gv.stateLeaf(d, 4, params), "h_{i+1} from the next-value ops");
        (bytes32 before,) = gv.stepLeaves(d, 3, params, ops);
        assertEq(before, gv.stateLeaf(d, 3, params), "h_i from the parameter roots");
    }

    function _words(uint32 a, uint32 b, uint32 c) private pure returns (uint32[] memory w) {
        w = new uint32[](3);
        (w[0], w[1], w[2]) = (a, b, c);
    }

    function test_market_graphJobWordsGiveTheDeclaredWork() public {
        LeafVerifier lv = new LeafVerifier(gv);
        HyperParams memory hp = HyperParams(4, 0, 100);
        bytes32 hpHash = lv.hyperParamsHash(hp);
        assertEq(lv.checkJob(bytes32("any graph"), hpHash, hp, _words(0, 1, 5)), (uint256(1) << 32) | 5);
        vm.expectRevert(DisputeGame_UnsupportedConfig.selector);
        lv.checkJob(bytes32(0), hpHash, hp, new uint32[](1));
        HyperParams memory withEta = HyperParams(4, 1, 100);
        bytes32 etaHash = lv.hyperParamsHash(withEta);
        vm.expectRevert(DisputeGame_UnsupportedConfig.selector);
        lv.checkJob(bytes32(0), etaHash, withEta, _words(0, 0, 5));
        HyperParams memory wide = HyperParams(20_000, 0, 100);
        bytes32 wideHash = lv.hyperParamsHash(wide);
        vm.expectRevert(abi.encodeWithSelector(LeafVerifier_BatchTooLarge.selector, 20_000, 10_240));
        lv.checkJob(bytes32(0), wideHash, wide, _words(0, 0, 5));
    }

    function test_market_aDeploymentWithoutGraphVerifierRefusesGraphJobs() public {
        LeafVerifier lv = new LeafVerifier(GraphVerifier(address(0)));
        HyperParams memory hp = HyperParams(4, 0, 100);
        bytes32 hpHash = lv.hyperParamsHash(hp);
        vm.expectRevert(LeafVerifier_GraphJobsDisabled.selector);
        lv.checkJob(bytes32(0), hpHash, hp, _words(0, 0, 5));
    }

    /// @dev Panic(uint256): what a leaf must never revert with (a malformed move gets a custom error).
    bytes4 private constant PANIC = 0x4e487b71;

    /// @notice Whatever an adversary puts in a leaf of a committed graph (any op node or
    ///         declaration, any position, any rows, proofs and input nodes), the leaf returns an
    ///         element or reverts with a custom error: never a panic, so a bad move is named.
    function testFuzz_leafNeverPanics(
        uint256 nodeSeed,
        bool atInit,
        uint32 row,
        uint32 col,
        bytes memory in0,
        bytes memory in1,
        uint256 inputSeed,
        bytes32 root0
    ) public view {
        (uint32[] memory d,) = h.fromNodes(_nodes(1));
        LeafContext memory ctx;
        ctx.widths = d;
        ctx.batch = 2;
        ctx.datasetSize = 10;
        ctx.atInit = atInit;
        ctx.tensor = uint16(nodeSeed % (atInit ? d[1] : d[3]));
        ctx.row = row % 8;
        ctx.col = col % 8;
        ctx.step = 3;
        ctx.root0 = root0;
        uint256 id = atInit ? ctx.tensor : uint256(d[1]) + d[2] + ctx.tensor;
        LeafReveal memory r;
        r.in0 = in0;
        r.in1 = in1;
        r.opening = _opening(1, id);
        uint256 count = vm.parseJsonUint(json, _g(1, ".count"));
        // half the runs open the node's true inputs, so the row rule and the row proofs run too
        bool trueInputs = inputSeed % 2 == 0 && !atInit;
        uint256 in0Id = trueInputs ? vm.parseJsonUint(json, _n(1, id, ".in0")) : inputSeed % count;
        uint256 in1Id = trueInputs ? vm.parseJsonUint(json, _n(1, id, ".in1")) : (inputSeed >> 128) % count;
        if (trueInputs) {
            r.in0 = _sized(in0, vm.parseJsonUint(json, _n(1, in0Id, ".cols")));
            if (in1Id < count) r.in1 = _sized(in1, vm.parseJsonUint(json, _n(1, in1Id, ".cols")));
        }
        NodeOpening memory a = _opening(1, in0Id % count);
        NodeOpening memory b = _opening(1, in1Id < count ? in1Id : 0);
        (r.opening.input0, r.opening.input0Proof, r.opening.input1, r.opening.input1Proof) =
        (a.node, a.proof, b.node, b.proof);
        try gv.expectedElement(ctx, r) returns (int256) {}
        catch (bytes memory reason) {
            assertTrue(reason.length >= 4, "a revert names its error");
            assertTrue(bytes4(reason) != PANIC, "never a panic");
        }
    }

    /// @dev A packed row of `cols` int32s filled from `seed` (zeros if it is empty).
    function _sized(bytes memory seed, uint256 cols) private pure returns (bytes memory row) {
        row = new bytes(cols * 4);
        for (uint256 i; i < row.length && seed.length > 0; ++i) {
            row[i] = seed[i % seed.length];
        }
    }
}
