// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Commitments} from "./Commitments.sol";

/// @title DefenderGas
/// @notice The gas model behind a job's game bond (docs/dispute-game.md "Adversaries"): what an
///         honest solver spends to win one game, shared by MLP and op-graph jobs.
library DefenderGas {
    /// @notice Gas of any solver move but `openRow` and `proveLeaf`, calldata included: a reveal of
    ///         16 descendants, `postInterval`, `revealStep` without its roots, `resolveTimeout`.
    ///         Measured: at most ~125k (docs/dispute-game.md "Measured").
    uint256 internal constant MOVE_GAS = 150_000;
    /// @notice Gas per root `revealStep` posts (32 calldata bytes at the EIP-7623 floor, the event
    ///         and the state hash).
    uint256 internal constant ROOT_GAS = 3_000;
    /// @notice Gas per byte of a row the solver reveals (calldata at the EIP-7623 floor of 40 per
    ///         non-zero byte, event data, hashing and the dot product).
    uint256 internal constant ROW_BYTE_GAS = 64;
    /// @notice `proveLeaf` besides its rows: two row proofs, the program, the verdict and payout.
    uint256 internal constant LEAF_GAS = 300_000;
    /// @notice Calldata of the node openings of a graph job's pick and leaf: three nodes of at most
    ///         32 attributes, each with a 16-level proof, twice (pick and leaf), ABI heads included.
    uint256 internal constant OPENING_BYTES = 6 * (19 + 8 * 32 + 32 * 16 + 128);
    /// @notice Levels revealed per dissection move (DisputeGame.LEVELS_PER_MOVE).
    uint256 internal constant LEVELS_PER_MOVE = 4;

    /// @notice Reveals needed to dissect a positional tree over `leaves` leaves, 4 levels per move.
    function dissectionMoves(uint256 leaves) internal pure returns (uint256) {
        return (uint256(Commitments.heightOf(leaves)) + LEVELS_PER_MOVE - 1) / LEVELS_PER_MOVE;
    }
}
