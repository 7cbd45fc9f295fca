// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title RowCommitment
/// @notice Mirror of core's tensor commitment (`io.tribunal.core.commit.TensorCommitment`,
///         `PositionalTree`, `RowProof`; docs/fixed-point.md §9) so the game can check a revealed
///         row against a tensor root:
///         row leaf    = keccak256(0x00 ‖ uint32 index ‖ packed row),
///         tree node   = keccak256(0x01 ‖ left ‖ right) (positional, NOT sorted pairs),
///         tensor root = keccak256(0x02 ‖ uint32 rows ‖ uint32 cols ‖ treeRoot).
/// @dev OpenZeppelin's MerkleProof hashes sorted pairs without domain tags, so it cannot verify
///      this tree; the loop below is the whole verifier. Siblings are bottom-up and the running
///      hash is the left child at level l iff bit l of the index is 0.
library RowCommitment {
    /// @notice Deepest proof `RowProof.verify` accepts (siblings.length < 31).
    uint256 internal constant MAX_DEPTH = 30;

    /// @notice Leaf hash of row `index`: keccak256(0x00 ‖ uint32 index ‖ row).
    /// @param index The row index.
    /// @param row The row as packed big-endian int32s.
    /// @return h The leaf hash.
    function rowLeaf(uint32 index, bytes calldata row) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            // byte 0 = 0x00 (domain), bytes 1..4 = index
            mstore(m, shl(216, and(index, 0xffffffff)))
            calldatacopy(add(m, 5), row.offset, row.length)
            h := keccak256(m, add(5, row.length))
        }
    }

    /// @notice Interior node hash keccak256(0x01 ‖ left ‖ right).
    /// @param left The left child.
    /// @param right The right child.
    /// @return h The node hash.
    function node(bytes32 left, bytes32 right) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, shl(248, 1))
            mstore(add(m, 1), left)
            mstore(add(m, 33), right)
            h := keccak256(m, 65)
        }
    }

    /// @notice Shape-binding tensor root keccak256(0x02 ‖ uint32 rows ‖ uint32 cols ‖ treeRoot).
    /// @param rows The tensor's row count.
    /// @param cols Its column count.
    /// @param treeRoot The root of its row tree (zero for an empty tensor).
    /// @return The tensor root.
    function tensorRoot(uint32 rows, uint32 cols, bytes32 treeRoot) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes1(0x02), rows, cols, treeRoot));
    }

    /// @notice Root of the positional tree rebuilt from a leaf, its index and bottom-up siblings.
    /// @param leaf The leaf hash.
    /// @param index The leaf's position.
    /// @param siblings The sibling at each level, bottom-up.
    /// @return h The tree root.
    function rootFromProof(bytes32 leaf, uint256 index, bytes32[] calldata siblings) internal pure returns (bytes32 h) {
        h = leaf;
        for (uint256 l; l < siblings.length; ++l) {
            h = (index >> l) & 1 == 0 ? node(h, siblings[l]) : node(siblings[l], h);
        }
    }

    /// @notice Whether `row` is row `index` of the tensor committed as `root` with shape
    ///         rows x cols. False (never a revert) for a row of the wrong width, an index outside
    ///         the tensor, or a proof deeper than 30 levels or too shallow for the index — the
    ///         same answers as core's `RowProof.verify`.
    /// @param root The tensor root.
    /// @param rows The tensor's row count.
    /// @param cols Its column count.
    /// @param index The row's index.
    /// @param row The row as packed big-endian int32s.
    /// @param siblings The row's bottom-up siblings in the row tree.
    /// @return True iff the row, index and shape hash to `root`.
    function verifyRow(
        bytes32 root,
        uint32 rows,
        uint32 cols,
        uint256 index,
        bytes calldata row,
        bytes32[] calldata siblings
    ) internal pure returns (bool) {
        if (row.length != uint256(cols) * 4 || index >= rows) return false;
        if (siblings.length > MAX_DEPTH || (index >> siblings.length) != 0) return false;
        bytes32 treeRoot = rootFromProof(rowLeaf(uint32(index), row), index, siblings);
        return tensorRoot(rows, cols, treeRoot) == root;
    }
}
