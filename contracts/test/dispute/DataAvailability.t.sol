// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Vm} from "../base/Vm.sol";
import {DisputeGameBase} from "./DisputeGameBase.sol";
import {TinyTrainer} from "./TinyTrainer.sol";
import {DataAvailability} from "../../src/dispute/DataAvailability.sol";
import {IJobMarketDisputeHook} from "../../src/interfaces/IJobMarketDisputeHook.sol";
import {JobStatus} from "../../src/types/JobTypes.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IDataAvailability} from "../../src/interfaces/IDataAvailability.sol";

/// @notice On-chain data demands against a real JobMarket, DisputeGame and a really trained tiny
///         MLP (mlp:4-3-2, n = 10, K = 3: trace leaves at steps 0, 3, 6, 9, 10).
abstract contract DataAvailabilityBase is DisputeGameBase {
    DataAvailability internal da;
    address internal demander = address(0xDA);

    function setUp() public {
        _setUpGame();
        da = new DataAvailability(IJobMarketDisputeHook(address(market)), IERC20(address(token)), dg, lv);
        bytes32 gameRole = market.DISPUTE_GAME_ROLE();
        vm.prank(admin);
        market.grantRole(gameRole, address(da));
        token.mint(demander, 1_000e6);
        vm.prank(demander);
        token.approve(address(da), type(uint256).max);
        _train(10, 3, TinyTrainer.Cheat(0, type(uint64).max, 0, 0, 0));
        _commitJob();
    }

    function _demand(uint64 leaf) internal returns (uint256 id) {
        vm.prank(demander);
        id = da.demand(jobId, leaf);
    }

    function _postRoots(uint256 id, uint64 leaf, uint64 step) internal {
        bytes32[] memory leaves = _traceLeaves(SOLVER);
        vm.prank(solver);
        da.postRoots(id, _root(leaves), _proof(leaves, leaf, _height(leaves.length)), _paramRoots(SOLVER, step));
    }

    /// @dev Publishes tensor q of the state at `step` in blocks of `block_` rows (a power of 2).
    function _publishTensor(uint256 id, uint256 step, uint256 q, uint256 block_) internal {
        bytes[] storage all = _rows[SOLVER][step][q];
        bytes32[] memory leaves = _rowLeaves(all);
        uint256 h = _height(block_);
        uint256 height = _height(all.length);
        for (uint256 first; first < all.length; first += block_) {
            uint256 count = all.length - first < block_ ? all.length - first : block_;
            bytes[] memory rows = new bytes[](count);
            for (uint256 i; i < count; ++i) {
                rows[i] = all[first + i];
            }
            bytes32[] memory siblings = new bytes32[](height - h);
            for (uint256 l; l < siblings.length; ++l) {
                siblings[l] = _at(leaves, h + l, ((first >> h) >> l) ^ 1);
            }
            vm.prank(solver);
            da.publishRows(id, _paramRoots(SOLVER, step), rows, siblings);
        }
    }

    function _publishAll(uint256 id, uint256 step) internal {
        _publishTensor(id, step, 0, 1); // W1 (3 rows): one row per chunk, proofs of depth 2
        _publishTensor(id, step, 1, 4); // b1 (3 rows): one padded block
        _publishTensor(id, step, 2, 2); // W2 (2 rows)
        _publishTensor(id, step, 3, 2); // b2 (2 rows)
    }
}

/// @notice Demands answered as calldata, ignored, or answered with wrong data.
contract DataAvailabilityTest is DataAvailabilityBase {
    // ----------------------------------------------------------------------------- answered

    /// @notice A solver that answers is not slashed, and the published chunks alone rebuild the
    ///         committed state: the row-tree roots rebuilt from the RowsPublished events give the
    ///         committed trace leaf of step 6.
    function test_answered_chunksRebuildTheCommittedState_solverPaidTheBond() public {
        uint256 id = _demand(2);
        assertEq(market.getJob(jobId).openDisputes, 1, "the demand freezes the job");
        (uint96 bond,) = da.termsOf(jobId);
        _postRoots(id, 2, 6);
        vm.recordLogs();
        _publishAll(id, 6);
        Vm.Log[] memory logs = vm.getRecordedLogs();

        // rebuild every tensor from the events alone
        bytes32 topic = keccak256("RowsPublished(uint256,uint16,uint32,bytes[])");
        bytes32[][4] memory leaves;
        uint256[4] memory rowsOf = [uint256(3), 3, 2, 2];
        for (uint256 q; q < 4; ++q) {
            leaves[q] = new bytes32[](rowsOf[q]);
        }
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] != topic) continue;
            (uint16 tensor, uint32 first, bytes[] memory rows) = abi.decode(logs[i].data, (uint16, uint32, bytes[]));
            for (uint256 r; r < rows.length; ++r) {
                leaves[tensor][first + r] = _rowLeaf(uint32(first + r), rows[r]);
            }
        }
        bytes32[] memory roots = new bytes32[](4);
        for (uint256 q; q < 4; ++q) {
            roots[q] = _root(leaves[q]);
        }
        assertEq(lv.stateLeaf(tt.widths(), 6, roots), _traceLeaves(SOLVER)[2], "chain data rebuilds the state");

        assertEq(uint256(da.demandOf(id).phase), uint256(DataAvailability.Phase.Answered), "answered");
        assertEq(da.demandsOf(jobId).length, 1, "listed");
        assertEq(da.demandFor(jobId, 2), id, "by leaf");
        assertEq(market.getJob(jobId).openDisputes, 0, "unfrozen");
        assertEq(da.credit(solver), bond, "the solver is paid for publishing");
        (uint256 active,,,) = reg.stakeOf(solver);
        assertEq(active, 1_000e6, "not slashed");
        vm.warp(block.timestamp + WINDOW + 1);
        market.finalize(jobId);
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Finalized), "finalizes");
    }

    /// @notice The final model is the last trace leaf (step n).
    function test_finalModel_demandedAndPublished() public {
        uint256 id = _demand(4);
        assertEq(da.demandOf(id).step, 10, "leaf 4 is step n = 10");
        _postRoots(id, 4, 10);
        _publishAll(id, 10);
        assertEq(uint256(da.demandOf(id).phase), uint256(DataAvailability.Phase.Answered), "answered");
    }

    // ----------------------------------------------------------------------------- withheld

    /// @notice A solver that ignores a data demand is slashed as a cheat: the demander gets its
    ///         bond back plus the challenger's reward; the collateral leaves the solver's stake.
    function test_ignored_solverSlashed() public {
        uint256 id = _demand(1);
        DataAvailability.Demand memory d = da.demandOf(id);
        vm.warp(d.deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IDataAvailability.DataAvailability_DeadlineNotReached.selector, d.deadline)
        );
        da.resolveDefault(id);
        vm.warp(uint256(d.deadline) + 1);
        da.resolveDefault(id);
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Cheated), "slashed as a cheat");
        assertEq(da.credit(demander), d.bond, "bond back");
        assertEq(market.claimable(demander), 20e6 + MOVE_REFUND, "reward (10% of C) + one move");
        (uint256 active, uint256 locked,,) = reg.stakeOf(solver);
        assertEq(active, 1_000e6 - 200e6, "collateral slashed");
        assertEq(locked, 0, "nothing locked");
    }

    /// @notice Posting the roots and then stopping is withholding too.
    function test_partialAnswer_thenSilence_solverSlashed() public {
        uint256 id = _demand(3);
        _postRoots(id, 3, 9);
        _publishTensor(id, 9, 0, 1);
        vm.warp(uint256(da.demandOf(id).deadline) + 1);
        vm.prank(solver);
        vm.expectRevert(
            abi.encodeWithSelector(IDataAvailability.DataAvailability_DeadlinePassed.selector, da.demandOf(id).deadline)
        );
        da.publishRows(id, _paramRoots(SOLVER, 9), new bytes[](1), new bytes32[](2));
        da.resolveDefault(id);
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Cheated), "slashed");
    }

    // ---------------------------------------------------------------------------- bad input

    /// @notice A row that is not the committed one, roots of another state, a misaligned or
    ///         oversized chunk: each is refused and changes nothing.
    function test_wrongData_refused_stateUnchanged() public {
        uint256 id = _demand(2);
        bytes32[] memory leaves = _traceLeaves(SOLVER);
        vm.prank(solver);
        vm.expectRevert(IDataAvailability.DataAvailability_BadProof.selector);
        da.postRoots(id, _root(leaves), _proof(leaves, 2, _height(leaves.length)), _paramRoots(SOLVER, 7));
        vm.prank(solver);
        vm.expectRevert(IDataAvailability.DataAvailability_TraceRootMismatch.selector);
        da.postRoots(id, keccak256("other tree"), _proof(leaves, 2, _height(leaves.length)), _paramRoots(SOLVER, 6));
        _postRoots(id, 2, 6);

        bytes[] storage w1 = _rows[SOLVER][6][0];
        bytes32[] memory rowLeaves = _rowLeaves(w1);
        bytes[] memory rows = new bytes[](1);
        rows[0] = w1[0];
        rows[0][3] = bytes1(uint8(rows[0][3]) ^ 1); // one flipped bit
        bytes32[] memory siblings = new bytes32[](2);
        (siblings[0], siblings[1]) = (_at(rowLeaves, 0, 1), _at(rowLeaves, 1, 1));
        bytes32[] memory roots = _paramRoots(SOLVER, 6);
        vm.prank(solver);
        vm.expectRevert(IDataAvailability.DataAvailability_BadProof.selector);
        da.publishRows(id, roots, rows, siblings);
        // a chunk that does not start at the next row
        bytes[] memory second = new bytes[](1);
        second[0] = w1[1];
        vm.prank(solver);
        vm.expectRevert(IDataAvailability.DataAvailability_BadProof.selector);
        da.publishRows(id, roots, second, siblings);
        // a row of the wrong width
        bytes[] memory short = new bytes[](1);
        short[0] = hex"00000001";
        vm.prank(solver);
        vm.expectRevert(IDataAvailability.DataAvailability_BadChunk.selector);
        da.publishRows(id, roots, short, siblings);
        // roots that are not the posted ones
        vm.prank(solver);
        vm.expectRevert(IDataAvailability.DataAvailability_RootsMismatch.selector);
        da.publishRows(id, _paramRoots(SOLVER, 7), rows, siblings);

        DataAvailability.Demand memory d = da.demandOf(id);
        assertEq(d.tensor, 0, "no progress");
        assertEq(d.nextRow, 0, "no progress");
        assertEq(uint256(d.phase), uint256(DataAvailability.Phase.AwaitRows), "still waiting for rows");
    }

    function test_demand_refusals() public {
        vm.prank(demander);
        vm.expectRevert(abi.encodeWithSelector(IDataAvailability.DataAvailability_NoSuchLeaf.selector, 5, 5));
        da.demand(jobId, 5);
        uint256 id = _demand(0);
        vm.prank(demander);
        vm.expectRevert(abi.encodeWithSelector(IDataAvailability.DataAvailability_AlreadyDemanded.selector, id));
        da.demand(jobId, 0);
        vm.prank(demander);
        vm.expectRevert(
            abi.encodeWithSelector(IDataAvailability.DataAvailability_JobNotRegistered.selector, bytes32("x"))
        );
        da.demand(bytes32("x"), 0);
        uint256 window = market.commitment(jobId).challengeDeadline;
        vm.warp(window + 1);
        vm.prank(demander);
        vm.expectRevert(
            abi.encodeWithSelector(IDataAvailability.DataAvailability_ChallengeWindowClosed.selector, window)
        );
        da.demand(jobId, 1);
    }

    // -------------------------------------------------------------------------------- terms

    /// @notice The bond pays the solver's publication gas at the game's reference price (never
    ///         below the game's bond floor); the period grows by an hour per started MiB.
    function test_terms_scaleWithTheStateSize() public view {
        uint32[] memory w = new uint32[](3);
        (w[0], w[1], w[2]) = (784, 128, 10);
        uint256 bytes_ = da.stateBytes(w);
        assertEq(bytes_, 4 * (784 * 128 + 128 + 128 * 10 + 10), "4 bytes per parameter");
        assertEq(da.stateBytes(tt.widths()), 4 * (4 * 3 + 3 + 3 * 2 + 2), "tiny model");
        (uint96 bond, uint40 deadline) = da.termsOf(jobId);
        // tiny: (250,000 + 92·48) gas at 1e6 per 300,000 gas = 848,053 < the 5e6 floor
        assertEq(uint256(bond), uint256(BOND), "a tiny state costs less than the floor: the floor");
        assertEq(uint256(deadline), block.timestamp + CLOCK + 1 hours, "clock + one started MiB");
        assertEq((250_000 + bytes_ * 48) * uint256(MOVE_REFUND) / 300_000, 65_966_133, "mlp:784-128-10: 65.97 tUSD");
    }

    /// @notice Token conservation: the contract holds exactly the open bonds plus credits.
    function test_balanceEqualsBondsPlusCredits() public {
        uint256 a = _demand(0);
        uint256 b = _demand(2);
        _postRoots(b, 2, 6);
        _publishAll(b, 6);
        vm.warp(uint256(da.demandOf(a).deadline) + 1);
        da.resolveDefault(a);
        (uint256 bonds, uint256 credits) = da.totals();
        assertEq(token.balanceOf(address(da)), bonds + credits, "balance == bonds + credits");
        uint256 owed = da.credit(solver);
        vm.prank(solver);
        da.withdraw(solver);
        assertEq(token.balanceOf(solver), owed, "withdrawn");
        (bonds, credits) = da.totals();
        assertEq(token.balanceOf(address(da)), bonds + credits, "still conserved");
    }
}
