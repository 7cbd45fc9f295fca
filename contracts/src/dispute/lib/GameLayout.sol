// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ClaimKind, Phase, Side, TreeKind, Outcome, Game, GameView} from "../../types/DisputeTypes.sol";
import {DisputeGame_UnknownGame} from "./Errors.sol";

/// @notice The raw storage words of one game (`DisputeGame.gameWords`): what a lens decodes.
interface IGameWords {
    function gameWords(uint256 gameId) external view returns (bytes32[8] memory);
}

/// @title GameLayout
/// @notice Decodes a `Game` from its 8 raw storage words into the `GameView` players read. The game
///         contract only exposes the words (a few bytes of code, as Uniswap v4's `extsload` does),
///         so the 23-field view, which cost the game 1.4 KB of unpacking code, lives outside it.
/// @dev Mirrors Solidity's packing of `Game` (Types.sol): fields fill each 32-byte slot from the
///      low-order end in declaration order, and a field that does not fit starts the next slot.
///      `GameLayout.t.sol` writes distinct values into every field of a real `Game` and checks that
///      each one decodes back, so a reordered struct fails the build's tests.
library GameLayout {
    uint256 internal constant WORDS = 8;

    /// @notice Which side moves in `phase` (None when the game is not running).
    function mover(Phase phase) internal pure returns (Side) {
        if (phase == Phase.None || phase == Phase.Resolved) return Side.None;
        return phase >= Phase.Pick ? Side.Challenger : Side.Solver;
    }

    /// @notice The view of game `gameId` of `game`; reverts `DisputeGame_UnknownGame` if none.
    function read(IGameWords game, uint256 gameId) internal view returns (GameView memory v) {
        bytes32[8] memory w = game.gameWords(gameId);
        if (w[0] == bytes32(0)) revert DisputeGame_UnknownGame(gameId);
        return decode(w);
    }

    /// @notice Decodes the raw words of one game.
    function decode(bytes32[8] memory w) internal pure returns (GameView memory v) {
        v.jobId = w[0];
        uint256 s1 = uint256(w[1]); // challenger | lastMoveAt | solverClock | kind | phase
        uint256 s2 = uint256(w[2]); // solver | challengerClock | outcome | atInit | challengerMoves
        uint256 s6 = uint256(w[6]); // bond | tree | height | predHeight | index | leafCount
        uint256 s7 = uint256(w[7]); // baseStep | step | tensor | row | col
        v.challenger = address(uint160(s1));
        uint256 lastMoveAt = uint40(s1 >> 160);
        v.solverClock = uint32(s1 >> 200);
        v.kind = ClaimKind(uint8(s1 >> 232));
        v.phase = Phase(uint8(s1 >> 240));
        v.solver = address(uint160(s2));
        v.challengerClock = uint32(s2 >> 160);
        v.outcome = Outcome(uint8(s2 >> 192));
        v.atInit = uint8(s2 >> 200) != 0;
        v.node = w[3];
        v.bond = uint96(s6);
        v.tree = TreeKind(uint8(s6 >> 96));
        v.height = uint8(s6 >> 104);
        v.predHeight = uint8(s6 >> 112);
        v.index = uint64(s6 >> 120);
        v.leafCount = uint64(s6 >> 184);
        v.baseStep = uint64(s7);
        v.step = uint64(s7 >> 64);
        v.tensor = uint16(s7 >> 128);
        v.row = uint32(s7 >> 144);
        v.col = uint32(s7 >> 176);
        v.turn = mover(v.phase);
        if (v.turn != Side.None) {
            v.deadline = lastMoveAt + (v.turn == Side.Solver ? v.solverClock : v.challengerClock);
        }
    }

    /// @notice The raw words of a game in storage (the game contract's side of the layout).
    function words(Game storage g) internal view returns (bytes32[8] memory w) {
        assembly ("memory-safe") {
            let slot := g.slot
            for { let i := 0 } lt(i, 8) { i := add(i, 1) } { mstore(add(w, mul(i, 0x20)), sload(add(slot, i))) }
        }
    }
}
