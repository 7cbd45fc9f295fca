// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {GameView} from "../types/DisputeTypes.sol";
import {GameLayout, IGameWords} from "./lib/GameLayout.sol";

/// @title DisputeGameLens
/// @notice Read-only views of a DisputeGame's games for players, daemons and explorers. Stateless
///         and trusted by nobody: it decodes the game's raw storage words (`gameWords`) and
///         computes whose turn it is and until when, so the game itself carries no view code.
contract DisputeGameLens {
    /// @notice A game's full state: phase, whose turn, deadline, dissection position, pinpoint.
    ///         Reverts `DisputeGame_UnknownGame` for an id never opened.
    function gameView(IGameWords game, uint256 gameId) external view returns (GameView memory) {
        return GameLayout.read(game, gameId);
    }
}
