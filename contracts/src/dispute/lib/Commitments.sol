// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {RowCommitment} from "./RowCommitment.sol";
import {DisputeGame_BadProof} from "./Errors.sol";

/// @title Commitments
/// @notice The state / trace / config hashes of core's commitments (docs/fixed-point.md §9) and the
///         positional-tree helpers the dissection needs. Row leaves, tree nodes and tensor roots
///         come from `RowCommitment` (the leaf evaluator's mirror of core's TensorCommitment).
///         state hash h_t  = keccak(0x03 ‖ uint64 t ‖ tensorRoot(P_0) ‖ tensorRoot(P_1) ‖ …)
///         trace leaf      = keccak(0x04 ‖ uint64 step ‖ h_step)
///         trace root      = keccak(0x05 ‖ configHash ‖ uint64 n ‖ uint64 K ‖ traceTreeRoot)
///         config hash     = keccak(0x06 ‖ modelSpecHash ‖ datasetRoot ‖ uint64 seed ‖ uint32 B ‖
///                                  uint64 eta ‖ uint64 n ‖ uint64 K)
library Commitments {
    /// @notice Trace leaf keccak(0x04 ‖ uint64 step ‖ h).
    function traceLeaf(uint64 step, bytes32 state) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes1(0x04), step, state));
    }

    /// @notice State hash keccak(0x03 ‖ uint64 t ‖ tensorRoots…).
    function stateHash(uint64 step, bytes32[] memory tensorRoots) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes1(0x03), step, tensorRoots));
    }

    /// @notice Trace root keccak(0x05 ‖ configHash ‖ uint64 n ‖ uint64 K ‖ treeRoot).
    function traceRoot(bytes32 config, uint64 n, uint64 k, bytes32 treeRoot) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes1(0x05), config, n, k, treeRoot));
    }

    /// @notice Config hash (core's TrainingConfig.configHash).
    function configHash(
        bytes32 modelSpecHash,
        bytes32 datasetRoot,
        uint64 seed,
        uint32 batch,
        uint64 eta,
        uint64 n,
        uint64 k
    ) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes1(0x06), modelSpecHash, datasetRoot, seed, batch, eta, n, k));
    }

    /// @notice Height of a positional tree over `leaves` ≥ 1 leaves: ceil(log2(leaves)).
    function heightOf(uint256 leaves) internal pure returns (uint8 h) {
        while ((uint256(1) << h) < leaves) ++h;
    }

    /// @notice Root of a subtree of height `h` made only of zero padding leaves.
    function zeroRoot(uint256 h) internal pure returns (bytes32 z) {
        for (uint256 i; i < h; ++i) {
            z = RowCommitment.node(z, z);
        }
    }

    /// @notice Root rebuilt from 2^d descendants d levels below it (children.length is a power of 2).
    function rebuild(bytes32[] calldata children) internal pure returns (bytes32) {
        uint256 n = children.length;
        bytes32[] memory level = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            level[i] = children[i];
        }
        while (n > 1) {
            n >>= 1;
            for (uint256 i; i < n; ++i) {
                level[i] = RowCommitment.node(level[2 * i], level[2 * i + 1]);
            }
        }
        return level[0];
    }

    /// @notice Whether `leaf` sits at `index` of the tree of height `height` rooted at `root`.
    function verify(bytes32 root, uint256 height, bytes32 leaf, uint256 index, bytes32[] calldata proof)
        internal
        pure
        returns (bool)
    {
        if (proof.length != height || (height < 256 && (index >> height) != 0)) return false;
        return RowCommitment.rootFromProof(leaf, index, proof) == root;
    }

    /// @notice Reverts `DisputeGame_BadProof` unless `data` is row `index` of a `rows` x `cols`
    ///         tensor whose row tree is `treeRoot`: the check of every input row a leaf reads.
    function requireRow(
        bytes32 treeRoot,
        uint256 rows,
        uint256 cols,
        uint256 index,
        bytes calldata data,
        bytes32[] calldata proof
    ) internal pure {
        // INVARIANT: every input row is the committed row of an agreed tensor.
        if (data.length != cols * 4 || index >= rows) revert DisputeGame_BadProof();
        bytes32 leaf = RowCommitment.rowLeaf(uint32(index), data);
        if (!verify(treeRoot, heightOf(rows), leaf, index, proof)) revert DisputeGame_BadProof();
    }
}
