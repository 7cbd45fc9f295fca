// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {DisputeGameBase} from "./DisputeGameBase.sol";
import {TinyTrainer} from "./TinyTrainer.sol";
import {GameLayout} from "../../src/dispute/lib/GameLayout.sol";
import {ClaimKind, Outcome, GameView, JobConfig} from "../../src/types/DisputeTypes.sol";

/// @notice Bonds sized to the defender's worst-case gas: every game on a job posts
///         max(floor, defenderGas(job) × moveRefund / MOVE_GAS), fixed when the job is registered,
///         and a frivolous game pays the honest solver that bond.
contract DisputeBondSizingTest is DisputeGameBase {
    function setUp() public {
        _setUpGame();
    }

    function _honest() private pure returns (TinyTrainer.Cheat memory) {
        return TinyTrainer.Cheat(0, type(uint64).max, 0, 0, 0);
    }

    function _expectedBond(JobConfig memory c) private view returns (uint256) {
        (uint96 floor,, uint96 moveRefund) = dg.parameters();
        uint256 sized = lv.defenderGas(c.widths, c.batch, c.steps, c.interval) * moveRefund / dg.MOVE_GAS();
        return sized > floor ? sized : floor;
    }

    function test_smallJob_postsTheFloor() public {
        _train(10, 3, _honest());
        _commitJob();
        JobConfig memory c = dg.jobConfig(jobId);
        assertEq(c.defenderGas, lv.defenderGas(c.widths, c.batch, c.steps, c.interval), "recorded bound");
        assertEq(c.bond, _expectedBond(c), "rule");
        assertEq(c.bond, BOND, "a 4-3-2 MLP's defence costs less than the floor");
    }

    function test_bondSizedFromTheDefence_whenThatExceedsTheFloor() public {
        vm.prank(admin);
        dg.setMoveRefund(20e6); // gas 20x dearer than the devnet's reference
        _train(10, 3, _honest());
        _commitJob();
        JobConfig memory c = dg.jobConfig(jobId);
        assertGt(c.bond, BOND, "sized above the floor");
        assertEq(c.bond, _expectedBond(c), "rule");

        uint256 before = token.balanceOf(challenger);
        frivolous = true;
        uint256 id = _open(challenger, ClaimKind.Transition);
        assertEq(before - token.balanceOf(challenger), c.bond, "open takes the job's bond");
        assertEq(GameLayout.read(dg, id).bond, c.bond, "the game records it");
        GameView memory v = _play(id);
        assertEq(uint256(v.outcome), uint256(Outcome.LeafMatch), "honest leaf");
        assertEq(dg.credit(solver), c.bond, "the griefer's whole bond goes to the honest solver");
    }

    function test_bondIsFixedAtRegistration() public {
        _train(10, 3, _honest());
        _commitJob();
        uint96 registered = dg.jobConfig(jobId).bond;
        vm.prank(admin);
        dg.setParameters(50e6, CLOCK);
        vm.prank(admin);
        dg.setMoveRefund(100e6);
        uint256 before = token.balanceOf(challenger);
        _open(challenger, ClaimKind.Transition);
        assertEq(before - token.balanceOf(challenger), registered, "later parameters do not reprice a job");
    }

    /// @notice The bound grows with the widest row (leaf calldata) and the trace depth.
    function testFuzz_defenderGas_growsWithWidthAndDepth(uint32 w, uint64 steps) public view {
        w = uint32(bound(w, 1, 1 << 16));
        steps = uint64(bound(steps, 1, 1 << 40));
        uint32[] memory narrow = new uint32[](3);
        (narrow[0], narrow[1], narrow[2]) = (w, 16, 10);
        uint32[] memory wide = new uint32[](3);
        (wide[0], wide[1], wide[2]) = (w + 1, 16, 10);
        uint256 g = lv.defenderGas(narrow, 8, steps, 16);
        assertGe(lv.defenderGas(wide, 8, steps, 16), g, "wider");
        assertGe(lv.defenderGas(narrow, 8, steps * 16 + 16, 16), g, "deeper");
        // the widest row alone: 4 rows of 4-byte elements at ROW_BYTE_GAS
        assertGe(g, uint256(w) * 16 * lv.ROW_BYTE_GAS(), "covers the rows");
    }

    /// @notice The figure the docs quote for the measured models.
    function test_defenderGas_mnistModels() public view {
        uint32[] memory w = new uint32[](3);
        (w[0], w[1], w[2]) = (784, 128, 10);
        // 2^20 steps, K = 256: 4 + 3 + 3 reveals + revealStep + resolveTimeout = 12 moves
        uint256 expected =
            12 * lv.MOVE_GAS() + 27 * lv.ROOT_GAS() + (16 * 784 + 128) * lv.ROW_BYTE_GAS() + lv.LEAF_GAS();
        assertEq(lv.defenderGas(w, 32, 1 << 20, 256), expected, "formula");
    }
}
