// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {RowCommitment} from "./RowCommitment.sol";
import {OpGraph_MalformedNode, OpGraph_UnknownVersion} from "./Errors.sol";

/// @notice One node of a committed op graph (docs/op-graph.md): an op, a parameter or a data
///         input, the ids of its at most two inputs, the shape of the tensor it produces and its
///         constants.
struct GraphNode {
    uint8 kind;
    uint32 in0;
    uint32 in1;
    uint32 rows;
    uint32 cols;
    uint64[] attrs;
}

/// @title OpGraph
/// @notice Mirror of protocol's op-graph commitment (`io.tribunal.protocol.graph.OpGraph`,
///         `GraphNode`): a training step as data, so that a dispute can open the one op it is about
///         with a proof instead of rebuilding a fixed program from widths.
///         node encoding = uint8 version ‖ uint8 kind ‖ uint32 in0 ‖ uint32 in1 ‖ uint32 rows ‖
///                         uint32 cols ‖ uint8 attrCount ‖ uint64 attr[attrCount] (version 1),
///         node leaf     = keccak256(0x08 ‖ uint32 index ‖ encoding),
///         tree          = positional, node = keccak256(0x01 ‖ left ‖ right) (as row trees),
///         graph root    = keccak256(0x09 ‖ uint8 version ‖ uint32 params ‖ uint32 data ‖
///                         uint32 nodes ‖ treeRoot).
library OpGraph {
    /// @notice The node encoding this library reads.
    uint8 internal constant VERSION = 1;

    /// @notice Bytes of a node encoding before its attributes.
    uint256 internal constant HEADER_BYTES = 19;

    /// @notice Deepest node proof: a graph has at most 2^16 nodes.
    uint256 internal constant MAX_DEPTH = 16;

    /// @notice Leaf hash of node `index`: keccak256(0x08 ‖ uint32 index ‖ encoding).
    /// @param index The node's position (= the id of the tensor it produces).
    /// @param encoding The node's canonical encoding.
    /// @return h The leaf hash.
    function nodeLeaf(uint256 index, bytes calldata encoding) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, or(shl(248, 0x08), shl(216, and(index, 0xffffffff))))
            calldatacopy(add(m, 5), encoding.offset, encoding.length)
            h := keccak256(m, add(5, encoding.length))
        }
    }

    /// @notice The graph root a job commits to.
    /// @param params Number of parameter declarations (the first nodes).
    /// @param data Number of data-input declarations (after the parameters).
    /// @param count Number of nodes.
    /// @param treeRoot Root of the positional tree over the node leaves.
    /// @return The graph root.
    function graphRoot(uint32 params, uint32 data, uint32 count, bytes32 treeRoot) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes1(0x09), VERSION, params, data, count, treeRoot));
    }

    /// @notice Whether `encoding` is node `index` of the graph committed as `root`. False (never
    ///         a revert) for an index outside the graph or a proof deeper than 16 levels or too
    ///         shallow for the index — the same answers as Java's `OpGraph.verify`.
    /// @param root The graph root.
    /// @param params Its parameter count.
    /// @param data Its data-input count.
    /// @param count Its node count.
    /// @param index The node's position.
    /// @param encoding The node's canonical encoding.
    /// @param proof The leaf's bottom-up siblings.
    /// @return True iff the node, index and header hash to `root`.
    function verifyNode(
        bytes32 root,
        uint32 params,
        uint32 data,
        uint32 count,
        uint256 index,
        bytes calldata encoding,
        bytes32[] calldata proof
    ) internal pure returns (bool) {
        if (index >= count || proof.length > MAX_DEPTH || (index >> proof.length) != 0) {
            return false;
        }
        bytes32 treeRoot = RowCommitment.rootFromProof(nodeLeaf(index, encoding), index, proof);
        return graphRoot(params, data, count, treeRoot) == root;
    }

    /// @notice Parses a node encoding.
    /// @param encoding The node's canonical encoding.
    /// @return node The node's fields.
    function decode(bytes calldata encoding) internal pure returns (GraphNode memory node) {
        // INVARIANT: a node is its 19-byte header plus 8 bytes per attribute, version 1.
        if (encoding.length < HEADER_BYTES) revert OpGraph_MalformedNode(encoding.length);
        if (uint8(encoding[0]) != VERSION) revert OpGraph_UnknownVersion(uint8(encoding[0]));
        uint256 count = uint8(encoding[18]);
        if (encoding.length != HEADER_BYTES + 8 * count) revert OpGraph_MalformedNode(encoding.length);
        node.kind = uint8(encoding[1]);
        node.in0 = uint32(bytes4(encoding[2:6]));
        node.in1 = uint32(bytes4(encoding[6:10]));
        node.rows = uint32(bytes4(encoding[10:14]));
        node.cols = uint32(bytes4(encoding[14:18]));
        node.attrs = new uint64[](count);
        for (uint256 i; i < count; ++i) {
            uint256 at = HEADER_BYTES + 8 * i;
            node.attrs[i] = uint64(bytes8(encoding[at:at + 8]));
        }
    }
}
