// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {GameLayout, IGameWords} from "../../src/dispute/lib/GameLayout.sol";
import {Test} from "../base/Test.sol";
import {DisputeGameBase} from "./DisputeGameBase.sol";
import {TinyTrainer} from "./TinyTrainer.sol";
import {DisputeGame} from "../../src/dispute/DisputeGame.sol";
import {JobMarket} from "../../src/market/JobMarket.sol";
import {TestUSD} from "../../src/token/TestUSD.sol";
import {ClaimKind, Phase, GameView, Outcome} from "../../src/types/DisputeTypes.sol";
import "../../src/dispute/lib/Errors.sol";

/// @notice Fuzzed wrong moves: any out-of-range child or early timeout reverts and changes nothing.
contract DisputeGameFuzzTest is DisputeGameBase {
    uint256 internal id;
    bytes32[] internal tl;

    function setUp() public {
        _setUpGame();
        _train(4, 2, TinyTrainer.Cheat(0, type(uint64).max, 0, 0, 0));
        _commitJob();
        id = _open(challenger, ClaimKind.Transition);
        tl = _traceLeaves(SOLVER);
        bytes32[] memory c = _children(tl, 2, 0);
        vm.prank(solver);
        dg.revealTrace(id, _root(tl), c);
    }

    function testFuzz_pick_childOutOfRange_reverts(uint256 child) public {
        child = bound(child, 4, type(uint256).max);
        bytes32[] memory c = _children(tl, 2, 0);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(DisputeGame_ChildOutOfRange.selector, child, 4));
        dg.pick(id, c, child);
        assertEq(uint256(GameLayout.read(dg, id).phase), uint256(Phase.Pick), "unchanged");
    }

    function testFuzz_resolveTimeout_beforeDeadline_reverts(uint32 dt) public {
        GameView memory v = GameLayout.read(dg, id);
        uint256 wait = bound(dt, 0, v.deadline - block.timestamp);
        vm.warp(block.timestamp + wait);
        vm.expectRevert(abi.encodeWithSelector(DisputeGame_ClockRunning.selector, v.deadline));
        dg.resolveTimeout(id);
    }

    function testFuzz_pick_tamperedChild_reverts(uint8 which, bytes32 junk) public {
        bytes32[] memory c = _children(tl, 2, 0);
        uint256 i = which % 4;
        vm.assume(junk != c[i]);
        c[i] = junk;
        vm.prank(challenger);
        vm.expectRevert(DisputeGame_ChildrenMismatch.selector);
        dg.pick(id, c, 0);
    }
}
