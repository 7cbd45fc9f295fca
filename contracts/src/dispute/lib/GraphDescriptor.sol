// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {OpGraph, GraphNode} from "./OpGraph.sol";
import {RowCommitment} from "./RowCommitment.sol";
import {DefenderGas} from "./DefenderGas.sol";
import {GraphVerifier_BadNode, GraphVerifier_BadGraph} from "./Errors.sol";

/// @title GraphDescriptor
/// @notice The model words (`JobConfig.widths`) the game stores for an op-graph job, derived once
///         at registration from every node of the graph: the tag 0 (an MLP's first width is never
///         0), the parameter, data-input and op counts, the graph root as eight big-endian words,
///         then per parameter p its rows, its cols and the op whose output is its next value:
///         [0, params, data, ops, root0..root7, rows_0, cols_0, next_0, rows_1, ...].
///         Everything a move needs besides the picked nodes, which are opened with proofs.
library GraphDescriptor {
    uint8 internal constant PARAM_ZERO = 0x80;
    uint8 internal constant PARAM_HE_UNIFORM = 0x81;
    uint8 internal constant PARAM_ONE = 0x82;
    uint8 internal constant DATA_FEATURES = 0x90;
    uint8 internal constant DATA_LABELS = 0x91;
    /// @notice "No input" in a node's input ids.
    uint32 internal constant NONE = type(uint32).max;
    uint256 private constant HEAD = 12;
    uint256 private constant MAX_NODES = 1 << 16;

    /// @notice Whether model words are a graph descriptor (rather than MLP widths).
    function isGraph(uint32[] calldata d) internal pure returns (bool) {
        return d.length > 0 && d[0] == 0;
    }

    function params(uint32[] calldata d) internal pure returns (uint32) {
        return d[1];
    }

    function data(uint32[] calldata d) internal pure returns (uint32) {
        return d[2];
    }

    function ops(uint32[] calldata d) internal pure returns (uint32) {
        return d[3];
    }

    function nodes(uint32[] calldata d) internal pure returns (uint32) {
        return d[1] + d[2] + d[3];
    }

    /// @notice The graph root (the job's modelSpecHash).
    function root(uint32[] memory d) internal pure returns (bytes32 r) {
        for (uint256 i; i < 8; ++i) {
            r = bytes32(uint256(r) << 32 | d[4 + i]);
        }
    }

    /// @notice Shape of parameter p and the op (index among the ops) whose output is its next value.
    function param(uint32[] calldata d, uint256 p) internal pure returns (uint32 rows, uint32 cols, uint32 next) {
        uint256 i = HEAD + 3 * p;
        return (d[i], d[i + 1], d[i + 2]);
    }

    /// @notice The descriptor of the graph made of `encodings` (node i = tensor id i) and its widest
    ///         dimension (rows or cols of any parameter or op, cols of a data input). Reverts unless the declarations come first in
    ///         their order (parameters, data inputs, then ops), there is at least one of each, and
    ///         every parameter's next value is an op output of the parameter's shape: what the
    ///         game relies on. The rest of a graph's validity is the solver's check before it
    ///         claims (`OpGraphValidator`); a node the leaf cannot evaluate loses for whoever
    ///         claims it.
    function fromNodes(bytes[] calldata encodings) internal pure returns (uint32[] memory d, uint32 widest) {
        uint256 n = encodings.length;
        if (n == 0 || n > MAX_NODES) revert GraphVerifier_BadGraph(n);
        GraphNode[] memory g = new GraphNode[](n);
        bytes32[] memory leaves = new bytes32[](n);
        uint256 p;
        uint256 x;
        for (uint256 i; i < n; ++i) {
            g[i] = OpGraph.decode(encodings[i]);
            leaves[i] = OpGraph.nodeLeaf(i, encodings[i]);
            uint8 k = g[i].kind;
            bool isParam = k >= PARAM_ZERO && k <= PARAM_ONE;
            bool isData = k == DATA_FEATURES || k == DATA_LABELS;
            // INVARIANT: declarations first, in their places; every other node is an op.
            if (isParam ? i != p : isData ? i != p + x : k >= PARAM_ZERO) revert GraphVerifier_BadNode(i);
            if (isParam) ++p;
            if (isData) ++x;
            // a data input's N rows are never dissected (a gather reads one sample), its width is
            if (!isData && g[i].rows > widest) widest = g[i].rows;
            if (g[i].cols > widest) widest = g[i].cols;
        }
        if (p == 0 || x == 0 || p + x == n) revert GraphVerifier_BadGraph(n);
        d = new uint32[](HEAD + 3 * p);
        d[1] = uint32(p);
        d[2] = uint32(x);
        d[3] = uint32(n - p - x);
        bytes32 r = OpGraph.graphRoot(uint32(p), uint32(x), uint32(n), _treeRoot(leaves));
        for (uint256 i; i < 8; ++i) {
            d[4 + i] = uint32(uint256(r) >> (224 - 32 * i));
        }
        for (uint256 q; q < p; ++q) {
            uint256 next = g[q].in0;
            // INVARIANT: h_{i+1}'s parameter q is an op output of parameter q's shape.
            if (next < p + x || next >= n || g[next].rows != g[q].rows || g[next].cols != g[q].cols) {
                revert GraphVerifier_BadNode(q);
            }
            d[HEAD + 3 * q] = g[q].rows;
            d[HEAD + 3 * q + 1] = g[q].cols;
            d[HEAD + 3 * q + 2] = uint32(next - p - x);
        }
    }

    /// @notice `LeafVerifier.defenderGas` for a graph: one move per 4 levels of the trace, interval
    ///         and tensor trees, `revealStep` with a root per parameter and op, the widest row
    ///         opened and proven with two input rows and three node openings, and the closing move.
    function defenderGas(uint32[] memory d, uint256 widest, uint64 steps, uint16 interval)
        internal
        pure
        returns (uint256)
    {
        uint256 moves = DefenderGas.dissectionMoves(steps / interval + 2)
            + DefenderGas.dissectionMoves(uint256(interval) + 1) + DefenderGas.dissectionMoves(widest) + 2;
        uint256 roots = uint256(d[1]) + d[3];
        uint256 rowBytes = 4 * 4 * widest + 128 + DefenderGas.OPENING_BYTES;
        return moves * DefenderGas.MOVE_GAS + roots * DefenderGas.ROOT_GAS + rowBytes * DefenderGas.ROW_BYTE_GAS
            + DefenderGas.LEAF_GAS;
    }

    /// @dev Positional tree over the leaves, zero padding (as row trees and OpGraph's node tree).
    function _treeRoot(bytes32[] memory level) private pure returns (bytes32) {
        uint256 n = level.length;
        uint256 width = 1;
        while (width < n) width <<= 1;
        bytes32[] memory cur = new bytes32[](width);
        for (uint256 i; i < n; ++i) {
            cur[i] = level[i];
        }
        while (width > 1) {
            width >>= 1;
            for (uint256 i; i < width; ++i) {
                cur[i] = RowCommitment.node(cur[2 * i], cur[2 * i + 1]);
            }
        }
        return cur[0];
    }
}
