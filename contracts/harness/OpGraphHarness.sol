// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {OpGraph, GraphNode} from "../src/dispute/lib/OpGraph.sol";

/// @title OpGraphHarness
/// @notice Exposes the op-graph commitment library as external pure functions for the forge
///         vector tests and the Java tests. Holds nothing; not deployed by the devnet.
contract OpGraphHarness {
    /// @notice `OpGraph.nodeLeaf`.
    function nodeLeaf(uint256 index, bytes calldata encoding) external pure returns (bytes32) {
        return OpGraph.nodeLeaf(index, encoding);
    }

    /// @notice `OpGraph.graphRoot`.
    function graphRoot(uint32 params, uint32 data, uint32 count, bytes32 treeRoot) external pure returns (bytes32) {
        return OpGraph.graphRoot(params, data, count, treeRoot);
    }

    /// @notice `OpGraph.verifyNode`.
    function verifyNode(
        bytes32 root,
        uint32 params,
        uint32 data,
        uint32 count,
        uint256 index,
        bytes calldata encoding,
        bytes32[] calldata proof
    ) external pure returns (bool) {
        return OpGraph.verifyNode(root, params, data, count, index, encoding, proof);
    }

    /// @notice `OpGraph.decode`.
    function decode(bytes calldata encoding) external pure returns (GraphNode memory) {
        return OpGraph.decode(encoding);
    }
}
