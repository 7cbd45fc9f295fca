// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {GameLayout, IGameWords} from "../../src/dispute/lib/GameLayout.sol";
import {DisputeGameBase} from "./DisputeGameBase.sol";
import {TinyTrainer} from "./TinyTrainer.sol";
import {JobMarket} from "../../src/market/JobMarket.sol";
import {JobStatus} from "../../src/types/JobTypes.sol";
import {ClaimKind, Phase, Side, Outcome, GameView} from "../../src/types/DisputeTypes.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";

/// @notice Attacks on the layer around one game, played by a cheating solver that also controls
///         any number of challengers (sybils).
contract DisputeAdversariesTest is DisputeGameBase {
    uint256 internal constant SYBILS = 300;
    uint256 internal constant ROTATE = 51;

    function setUp() public {
        _setUpGame();
    }

    function _sybil(uint256 i) internal pure returns (address) {
        return address(uint160(0x5B0000 + i));
    }

    function _sybilOpens(uint256 i) internal returns (uint256 id) {
        return _sybilOpens(i, ClaimKind.Model);
    }

    function _sybilOpens(uint256 i, ClaimKind kind) internal returns (uint256 id) {
        address s = _sybil(i);
        token.mint(s, BOND);
        vm.prank(s);
        token.approve(address(dg), BOND);
        vm.prank(s);
        id = dg.open(jobId, kind);
    }

    /// @notice Slot squatting: the cheating solver holds 300 MODEL games against its own job through
    ///         sybils and rotates them (proves 51, reopens 51) so the count never drops. An honest
    ///         challenger still opens its game, wins it, and the solver is slashed; the job never
    ///         finalizes as honest, and every squatting game closes with its bond refunded.
    function test_squatting_300SybilGamesCannotKeepAnHonestChallengerOut() public {
        _train(10, 3, TinyTrainer.Cheat(2, 5, 2, 1, 2));
        _commitJob();
        uint256[] memory ids = new uint256[](SYBILS + ROTATE);
        for (uint256 i; i < SYBILS; ++i) {
            ids[i] = _sybilOpens(i);
        }
        assertEq(market.getJob(jobId).openDisputes, SYBILS, "300 squatting games");
        // rotation: the solver wins 51 MODEL games with one move each and the sybils reopen 51
        for (uint256 i; i < ROTATE; ++i) {
            GameView memory v = GameLayout.read(dg, ids[i]);
            assertTrue(_moveOnce(ids[i]), "proveModel");
            v = GameLayout.read(dg, ids[i]);
            assertEq(uint256(v.outcome), uint256(Outcome.ModelProven), "solver proved its model");
            ids[SYBILS + i] = _sybilOpens(SYBILS + i);
        }
        assertEq(market.getJob(jobId).openDisputes, SYBILS, "count never dropped");

        // the honest challenger comes late, seconds before the window closes
        vm.warp(market.getJob(jobId).challengeDeadline - 10);
        uint256 honest = _open(challenger, ClaimKind.Transition);
        assertEq(market.getJob(jobId).openDisputes, SYBILS + 1, "the honest game is open too");
        vm.warp(market.getJob(jobId).challengeDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_DisputesOpen.selector, SYBILS + 1));
        market.finalize(jobId);

        GameView memory h = _play(honest);
        assertEq(uint256(h.outcome), uint256(Outcome.LeafMismatch), "cheat pinpointed");
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Cheated), "solver slashed");
        // squatting made the reward and refunds thin for everyone, and its cost is the solver's:
        // the honest challenger is paid by the rule, the sybils recover at most 30% of C
        (uint256 share, uint256 perMove) = market.cheatPayout(jobId);
        assertEq(share, 20e6 / (SYBILS + 1), "reward shared by the 301 open games");
        assertEq(market.claimable(challenger), share + challengerMoves * perMove, "honest: share + refunds");

        // the squatters' games close as settled (bonds refunded); the job stays Cheated
        uint256 recovered;
        for (uint256 i = ROTATE; i < SYBILS + ROTATE; ++i) {
            dg.closeSettled(ids[i]);
            assertEq(dg.credit(_sybil(i)), BOND, "squatter's bond back");
            recovered += market.claimable(_sybil(i));
        }
        assertLe(recovered, 200e6 * 3_000 / 10_000, "sybils recover at most 30% of C");
        assertEq(token.balanceOf(address(market)), _owedByMarket(SYBILS + ROTATE, ids), "market owes what it holds");
        assertEq(market.getJob(jobId).openDisputes, 0, "all closed");
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_WrongStatus.selector, jobId, JobStatus.Cheated));
        market.finalize(jobId);
    }

    /// @notice Timeout sniping: after another game proved the cheat, a challenger who stopped
    ///         moving is not timed out into paying its bond to the solver; the game closes as
    ///         settled and the bond comes back.
    function test_timeoutAfterTheCheatIsProven_refundsTheIdleChallenger() public {
        _train(10, 3, TinyTrainer.Cheat(2, 5, 2, 1, 2));
        _commitJob();
        uint256 idle = _open(challenger2, ClaimKind.Transition);
        assertTrue(_moveOnce(idle), "the solver reveals its trace");
        assertEq(uint256(GameLayout.read(dg, idle).turn), uint256(Side.Challenger), "challenger2 to move");
        _play(_open(challenger, ClaimKind.Transition));
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Cheated), "proven by the other game");
        GameView memory v = GameLayout.read(dg, idle);
        vm.warp(v.deadline + 1_000_000);
        vm.prank(solver);
        dg.resolveTimeout(idle);
        v = GameLayout.read(dg, idle);
        assertEq(uint256(v.outcome), uint256(Outcome.JobAlreadySettled), "closed as settled");
        assertEq(dg.credit(challenger2), BOND, "idle challenger refunded");
        assertEq(dg.credit(solver), 0, "nothing to the solver");
    }

    /// @notice Opening after the challenge window, or on a job that is no longer Committed, reverts
    ///         with a specific error and changes nothing.
    function test_open_outsideTheWindowOrAfterSettlement_reverts() public {
        _train(4, 2, _honestRun());
        _commitJob();
        uint256 before = dg.gameCount();
        vm.warp(market.getJob(jobId).challengeDeadline + 1);
        vm.expectRevert(
            abi.encodeWithSignature(
                "DisputeGame_ChallengeWindowClosed(uint256)", uint256(market.getJob(jobId).challengeDeadline)
            )
        );
        _open(challenger, ClaimKind.Transition);
        market.finalize(jobId);
        vm.expectRevert(abi.encodeWithSignature("DisputeGame_JobNotCommitted(bytes32)", jobId));
        _open(challenger, ClaimKind.Transition);
        assertEq(dg.gameCount(), before, "no game was opened");
    }

    /// @notice A bond the challenger did not approve in full, and a move in a game that has ended,
    ///         revert with specific errors and change nothing.
    function test_wrongBondAndMoveAfterTheEnd_revert() public {
        _train(4, 2, _honestRun());
        _commitJob();
        address poor = address(0xBAD);
        token.mint(poor, BOND);
        vm.prank(poor);
        token.approve(address(dg), BOND - 1);
        uint256 before = dg.gameCount();
        vm.prank(poor);
        vm.expectRevert(
            abi.encodeWithSignature("ERC20InsufficientAllowance(address,uint256,uint256)", address(dg), BOND - 1, BOND)
        );
        dg.open(jobId, ClaimKind.Model);
        assertEq(dg.gameCount(), before, "no game");
        assertEq(market.getJob(jobId).openDisputes, 0, "not frozen");

        uint256 id = _open(challenger, ClaimKind.Model);
        _play(id); // the honest solver proves its model
        assertEq(uint256(GameLayout.read(dg, id).phase), uint256(Phase.Resolved), "ended");
        uint256 credited = dg.credit(solver);
        vm.expectRevert(abi.encodeWithSignature("DisputeGame_GameResolved(uint256)", id));
        dg.resolveTimeout(id);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSignature("DisputeGame_GameResolved(uint256)", id));
        dg.pickColumn(id, 0);
        assertEq(dg.credit(solver), credited, "nothing changed");
    }

    /// @notice Bounty sniping: the honest game is one solver move from the leaf; the solver stalls
    ///         there, opens a game through a sybil, plays both sides of it to its own mismatch and
    ///         so proves the cheat first. Who proves it does not matter: both games share the
    ///         reward equally and each is refunded its own moves; the solver's recovery through the
    ///         sybil is at most half the reward plus the refunds of the sybil's moves.
    function test_sniping_selfProvenCheatPaysTheHonestGameByTheRule() public {
        _train(10, 3, TinyTrainer.Cheat(2, 5, 2, 1, 2));
        _commitJob();
        uint256 honest = _open(challenger, ClaimKind.Transition);
        for (uint256 i; i < 64 && GameLayout.read(dg, honest).phase != Phase.ProveLeaf; ++i) {
            vm.warp(block.timestamp + 60);
            assertTrue(_moveOnce(honest), "honest game moves");
        }
        assertEq(uint256(GameLayout.read(dg, honest).phase), uint256(Phase.ProveLeaf), "one solver move from losing");

        address sybil = _sybil(0);
        uint256 snipe = _sybilOpens(0, ClaimKind.Transition);
        playingChallenger = sybil;
        GameView memory s = _play(snipe);
        playingChallenger = address(0);
        assertEq(uint256(s.outcome), uint256(Outcome.LeafMismatch), "the solver lost its own game");
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Cheated), "slashed via the sybil");

        // the stalled honest game can no longer be moved or timed out into a loss: it closes
        vm.prank(solver);
        vm.expectRevert(abi.encodeWithSignature("DisputeGame_CheatProven(bytes32)", jobId));
        dg.openRow(honest, "");
        dg.closeSettled(honest);

        (uint256 share, uint256 perMove) = market.cheatPayout(jobId);
        assertEq(share, 20e6 / 2, "reward split between the two open games");
        assertEq(perMove, MOVE_REFUND, "full refunds: the budget does not bind");
        assertEq(market.claimable(challenger), share + challengerMoves * perMove, "honest paid by the rule");
        assertEq(dg.credit(challenger), BOND, "honest bond back");
        uint256 recovered = market.claimable(sybil);
        assertLe(recovered, share + 64 * perMove, "solver's recovery: half the reward + its sybil's moves");
        assertLe(recovered, 200e6 * 3_000 / 10_000, "and never more than 30% of C");
        assertGt(market.claimable(challenger), recovered / 2, "the honest game is not starved");
    }

    /// @dev Every claimable credit the market holds for the parties of these tests, plus escrow.
    function _owedByMarket(uint256 sybils, uint256[] memory) internal view returns (uint256 owed) {
        for (uint256 i; i < sybils; ++i) {
            owed += market.claimable(_sybil(i));
        }
        owed += market.claimable(challenger) + market.claimable(user) + market.claimable(treasury);
        owed += market.owedToOpenGames(jobId);
    }

    function _honestRun() internal pure returns (TinyTrainer.Cheat memory) {
        return TinyTrainer.Cheat(0, type(uint64).max, 0, 0, 0);
    }
}
