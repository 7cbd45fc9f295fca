// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Attesting} from "./Attesting.sol";
import {JobMarketBase} from "./JobMarketBase.sol";
import {JobMarket} from "../../src/market/JobMarket.sol";
import {JobRequest, JobStatus} from "../../src/types/JobTypes.sol";
import {PermitData} from "../../src/types/PermitData.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";

/// @notice The settlement brake: GUARDIAN_ROLE pauses finalize and withdraw for a bounded time,
///         with a cooldown between pauses, and has no way to move funds or change an outcome.
contract JobMarketGuardianTest is JobMarketBase {
    uint256 private userKey = 0xA11CE;
    address private user;
    address private relayer = address(0x4E1A);
    address private solver = address(0x501);
    address private v1 = address(0x7E1);
    address private v2 = address(0x7E2);
    address private challenger = address(0xC4A1);
    address private guardian = address(0x6A4D);
    address private stranger = address(0x5124);

    uint256 private maxPause;
    uint256 private cooldown;
    bytes32 private guardianRole;

    function setUp() public {
        vm.warp(1_700_000_000);
        vm.roll(1_000);
        _deploy();
        user = vm.addr(userKey);
        token.mint(user, 10_000e6);
        _operator(solver, 1, 1_000e6);
        _operator(v1, 2, 100e6);
        _operator(v2, 2, 100e6);
        guardianRole = market.GUARDIAN_ROLE();
        maxPause = market.MAX_PAUSE();
        cooldown = market.PAUSE_COOLDOWN();
        vm.prank(admin);
        market.grantRole(guardianRole, guardian);
    }

    // ----------------------------------------------------------------------------------- helpers
    function _submit(uint256 nonce) internal returns (bytes32 jobId, JobRequest memory r) {
        r = _request(user, nonce);
        PermitData memory p = _permit(userKey, address(market), r.price, block.timestamp + 1 hours);
        vm.prank(relayer);
        jobId = market.submitJob(r, _signRequest(userKey, r), p, _hp(), _widths());
    }

    function _claimed(uint256 nonce) internal returns (bytes32 jobId, JobRequest memory r) {
        (jobId, r) = _submit(nonce);
        vm.prank(solver);
        market.claim(jobId);
    }

    function _committed(uint256 nonce) internal returns (bytes32 jobId, JobRequest memory r) {
        (jobId, r) = _claimed(nonce);
        vm.prank(solver);
        market.commit(
            jobId, keccak256("trace"), r.steps, 64, keccak256(abi.encode("model", nonce)), Attesting.stepRoot(r.steps)
        );
    }

    function _pause(uint256 duration) internal returns (uint256 until) {
        vm.prank(guardian);
        market.pauseSettlements(duration);
        until = block.timestamp + duration;
    }

    function _unauthorized(address who) internal view returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, who, guardianRole);
    }

    function _paused(uint256 until) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IJobMarket.JobMarket_SettlementsPaused.selector, until);
    }

    // ---------------------------------------------------------------------------------- the role
    function test_guardianRole_isManagedByTheAdmin() public {
        assertEq(market.getRoleAdmin(guardianRole), market.DEFAULT_ADMIN_ROLE(), "admin manages the guardian");
        assertEq(guardianRole, keccak256("tribunal.market.GUARDIAN_ROLE"), "role id");
        address g2 = address(0x6A4E);
        vm.prank(admin);
        market.grantRole(guardianRole, g2);
        vm.prank(g2);
        market.pauseSettlements(1 hours);
        vm.prank(admin);
        market.revokeRole(guardianRole, guardian);
        vm.prank(guardian);
        vm.expectRevert(_unauthorized(guardian));
        market.unpauseSettlements();
    }

    function test_pause_byNonGuardian_refused() public {
        address[4] memory others = [stranger, admin, game, solver];
        for (uint256 i; i < others.length; ++i) {
            vm.prank(others[i]);
            vm.expectRevert(_unauthorized(others[i]));
            market.pauseSettlements(1 hours);
        }
        assertEq(market.settlementsPausedUntil(), 0, "not paused");
        assertEq(market.nextPauseAllowedAt(), 0, "no cooldown started");
    }

    function test_unpause_byStranger_refused() public {
        uint256 until = _pause(1 days);
        vm.prank(stranger);
        vm.expectRevert(_unauthorized(stranger));
        market.unpauseSettlements();
        assertEq(market.settlementsPausedUntil(), until, "still paused");
    }

    // ------------------------------------------------------------------------------- pause rules
    function test_pause_pausesForTheDurationAndStartsTheCooldownAtItsEnd() public {
        assertEq(maxPause, 7 days, "MAX_PAUSE");
        assertEq(cooldown, 14 days, "PAUSE_COOLDOWN");
        uint256 until = block.timestamp + maxPause;
        vm.expectEmit();
        emit IJobMarket.SettlementsPaused(until);
        vm.prank(guardian);
        market.pauseSettlements(maxPause);
        assertEq(market.settlementsPausedUntil(), until, "paused until");
        assertEq(market.nextPauseAllowedAt(), until + cooldown, "next pause");
        vm.warp(until - 1);
        assertEq(market.settlementsPausedUntil(), until, "paused up to the last second");
        vm.warp(until);
        assertEq(market.settlementsPausedUntil(), 0, "over at until, by itself");
    }

    function testFuzz_pause_durationIsBounded(uint256 duration) public {
        duration = bound(duration, 0, 30 days);
        vm.prank(guardian);
        if (duration == 0) {
            vm.expectRevert(IJobMarket.JobMarket_ZeroPause.selector);
        } else if (duration > maxPause) {
            vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_PauseTooLong.selector, duration, maxPause));
        }
        market.pauseSettlements(duration);
        if (duration == 0 || duration > maxPause) {
            assertEq(market.settlementsPausedUntil(), 0, "refused pause changed nothing");
            assertEq(market.nextPauseAllowedAt(), 0, "no cooldown started");
        } else {
            assertEq(market.settlementsPausedUntil(), block.timestamp + duration, "until");
        }
    }

    function test_pause_longerThanMax_refused() public {
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_PauseTooLong.selector, maxPause + 1, maxPause));
        market.pauseSettlements(maxPause + 1);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_PauseTooLong.selector, type(uint256).max, maxPause));
        market.pauseSettlements(type(uint256).max);
        assertEq(market.settlementsPausedUntil(), 0, "not paused");
    }

    function test_pause_whilePaused_refused_cannotExtend() public {
        uint256 until = _pause(maxPause);
        vm.warp(until - 1);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_PauseCooldown.selector, until + cooldown));
        market.pauseSettlements(maxPause);
        assertEq(market.settlementsPausedUntil(), until, "end unchanged");
    }

    function test_pause_duringCooldown_refused_thenAllowedWhenItEnds() public {
        uint256 until = _pause(3 days);
        uint256 next = until + cooldown;
        vm.warp(next - 1);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_PauseCooldown.selector, next));
        market.pauseSettlements(1 hours);
        assertEq(market.settlementsPausedUntil(), 0, "not paused");
        vm.warp(next);
        uint256 until2 = _pause(maxPause);
        assertEq(market.settlementsPausedUntil(), until2, "second pause");
        assertEq(market.nextPauseAllowedAt(), until2 + cooldown, "cooldown after the second");
    }

    function test_pause_anotherGuardian_sharesTheCooldown() public {
        address g2 = address(0x6A4E);
        vm.prank(admin);
        market.grantRole(guardianRole, g2);
        uint256 until = _pause(maxPause);
        vm.warp(until + 1);
        vm.prank(g2);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_PauseCooldown.selector, until + cooldown));
        market.pauseSettlements(maxPause);
    }

    function test_unpause_early_byGuardian_cooldownRunsFromThen() public {
        uint256 until = _pause(maxPause);
        vm.warp(block.timestamp + 1 days);
        vm.expectEmit();
        emit IJobMarket.SettlementsUnpaused();
        vm.prank(guardian);
        market.unpauseSettlements();
        assertLt(block.timestamp, until, "ended early");
        assertEq(market.settlementsPausedUntil(), 0, "not paused");
        uint256 next = block.timestamp + cooldown;
        assertEq(market.nextPauseAllowedAt(), next, "cooldown from the unpause");
        vm.warp(next - 1);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_PauseCooldown.selector, next));
        market.pauseSettlements(1);
        vm.warp(next);
        _pause(1);
    }

    function test_unpause_byAdmin_endsThePause() public {
        (bytes32 jobId,) = _committed(0);
        vm.warp(block.timestamp + WINDOW + 1);
        _pause(maxPause);
        vm.prank(admin);
        market.unpauseSettlements();
        assertEq(market.settlementsPausedUntil(), 0, "not paused");
        market.finalize(jobId);
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Finalized), "finalize works at once");
    }

    function test_unpause_notPaused_refused() public {
        vm.prank(guardian);
        vm.expectRevert(IJobMarket.JobMarket_NotPaused.selector);
        market.unpauseSettlements();
        uint256 until = _pause(1 hours);
        vm.warp(until);
        vm.prank(admin);
        vm.expectRevert(IJobMarket.JobMarket_NotPaused.selector);
        market.unpauseSettlements();
        assertEq(market.nextPauseAllowedAt(), until + cooldown, "cooldown still from the pause's end");
    }

    /// @notice Two guardians trying to pause every 6 hours for 105 days (greedy, with the longest
    ///         pause each time) hold settlements exactly 7 days of every 21: 5 pauses, 35 days.
    function test_greedyGuardians_holdAtMostSevenDaysInTwentyOne() public {
        address g2 = address(0x6A4E);
        vm.prank(admin);
        market.grantRole(guardianRole, g2);
        uint256 pauses;
        uint256 pausedTicks;
        for (uint256 tick; tick < 420; ++tick) {
            vm.prank(tick % 2 == 0 ? guardian : g2);
            try market.pauseSettlements(maxPause) {
                ++pauses;
            } catch {}
            if (market.settlementsPausedUntil() != 0) ++pausedTicks;
            vm.warp(block.timestamp + 6 hours);
        }
        assertEq(pauses, 5, "one pause per 21 days");
        assertEq(pausedTicks * 6 hours, 5 * maxPause, "paused 35 of 105 days");
    }

    // ----------------------------------------------------------------------- what a pause holds
    function test_finalize_whilePaused_refused_thenWorksAtUntilWithoutAnyCall() public {
        (bytes32 jobId, JobRequest memory r) = _committed(0);
        vm.warp(block.timestamp + WINDOW + 1);
        uint256 until = _pause(2 days);
        uint256 bal = token.balanceOf(address(market));
        vm.expectRevert(_paused(until));
        market.finalize(jobId);
        vm.warp(until - 1);
        vm.expectRevert(_paused(until));
        market.finalize(jobId);
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Committed), "still committed");
        assertEq(market.claimable(solver), 0, "solver not paid");
        assertEq(token.balanceOf(address(market)), bal, "balance unchanged");
        (, uint256 locked,,) = reg.stakeOf(solver);
        assertEq(locked, r.collateral, "collateral still locked");
        vm.warp(until);
        market.finalize(jobId);
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Finalized), "finalized at until");
        uint256 pool = r.price * FEE_BPS / 10_000;
        assertEq(market.claimable(solver), r.price - pool, "solver credited (no attester: pool to the user)");
    }

    function test_withdraw_whilePaused_refused_thenWorksAtUntilWithoutAnyCall() public {
        (bytes32 jobId, JobRequest memory r) = _committed(0);
        vm.warp(block.timestamp + WINDOW + 1);
        market.finalize(jobId);
        uint256 until = _pause(maxPause);
        vm.prank(solver);
        vm.expectRevert(_paused(until));
        market.withdraw(solver);
        vm.warp(until - 1);
        vm.prank(solver);
        vm.expectRevert(_paused(until));
        market.withdraw(solver);
        uint256 pay = r.price - r.price * FEE_BPS / 10_000;
        assertEq(market.claimable(solver), pay, "credit held, not moved");
        assertEq(token.balanceOf(solver), 0, "nothing paid");
        assertEq(token.balanceOf(address(market)), r.price, "market holds it");
        vm.warp(until);
        vm.prank(solver);
        market.withdraw(solver);
        assertEq(token.balanceOf(solver), pay, "paid after the pause");
        assertEq(market.claimable(solver), 0, "cleared");
    }

    /// @notice Dispute games run on chess clocks in DisputeGame: freeze, unfreeze and settleCheated
    ///         must work while paused, or honest parties would time out. Their credits are held.
    function test_disputeHook_runsWhilePaused_creditsHeld() public {
        (bytes32 a,) = _committed(0);
        (bytes32 b, JobRequest memory rb) = _committed(1);
        uint256 until = _pause(maxPause);
        vm.startPrank(game);
        market.freeze(a);
        market.freeze(a);
        market.unfreeze(a, challenger, 0);
        market.freeze(b);
        market.freeze(b);
        market.settleCheated(b, challenger, 2, 5, 1e6, bytes32(0));
        market.unfreeze(b, address(0xC2), 3);
        vm.stopPrank();
        assertEq(market.getJob(a).openDisputes, 1, "freeze/unfreeze counted");
        assertEq(uint256(market.jobStatus(b)), uint256(JobStatus.Cheated), "cheat settled while paused");
        uint256 c = rb.collateral;
        uint256 share = c * market.SLASH_REWARD_BPS() / 10_000 / 2;
        assertEq(market.claimable(challenger), share + 2e6, "prover credited");
        assertEq(market.claimable(address(0xC2)), share + 3e6, "other game credited at close");
        assertEq(market.claimable(user), rb.price + c * market.SLASH_USER_BPS() / 10_000, "user credited");
        vm.prank(challenger);
        vm.expectRevert(_paused(until));
        market.withdraw(challenger);
        vm.warp(until);
        vm.prank(challenger);
        market.withdraw(challenger);
        assertEq(token.balanceOf(challenger), share + 2e6, "paid after the pause");
    }

    /// @notice Money in and the job lifecycle keep running while paused; refunds are credited at
    ///         their deadline (no verdict involved) and withdrawn once the pause ends.
    function test_otherActions_runWhilePaused_refundsHeld() public {
        uint256 until = _pause(maxPause);
        (bytes32 unclaimed, JobRequest memory ru) = _submit(0);
        (bytes32 uncommitted, JobRequest memory rc) = _claimed(1);
        (bytes32 committed,) = _committed(2);
        vm.roll(block.number + RDELAY + 1);
        market.recordRandomness(committed);
        _attest(committed, _seats(committed)[0]);
        vm.prank(user);
        market.invalidateNonce(99);
        vm.warp(rc.commitDeadline + 1);
        market.refundUnclaimed(unclaimed);
        market.refundUncommitted(uncommitted);
        uint256 penalty = rc.collateral * market.NO_COMMIT_PENALTY_BPS() / 10_000;
        uint256 owed = ru.price + rc.price;
        assertEq(market.claimable(user), owed, "refunds credited");
        assertEq(market.claimable(treasury), penalty, "penalty to the treasury");
        assertEq(market.attestersOf(committed).length, 1, "attested");
        assertTrue(market.isNonceUsed(user, 99), "nonce cancelled");
        uint256 userBal = token.balanceOf(user);
        vm.prank(user);
        vm.expectRevert(_paused(until));
        market.withdraw(user);
        vm.warp(until);
        vm.prank(user);
        market.withdraw(user);
        assertEq(token.balanceOf(user), userBal + owed, "refunds paid after the pause");
    }

    // ----------------------------------------------------------- the guardian cannot take funds
    /// @dev Jobs in every state with credits outstanding: Finalized, Cheated with a game still
    ///      open, Committed and frozen, Committed, Claimed, Open.
    function _world() internal returns (bytes32[] memory ids) {
        ids = new bytes32[](6);
        (ids[0],) = _committed(10);
        vm.roll(block.number + RDELAY + 1);
        _attest(ids[0], _seats(ids[0])[0]);
        vm.warp(block.timestamp + WINDOW + 1);
        market.finalize(ids[0]);
        (ids[1],) = _committed(11);
        vm.startPrank(game);
        market.freeze(ids[1]);
        market.freeze(ids[1]);
        market.settleCheated(ids[1], challenger, 1, 3, 1e6, bytes32(0));
        vm.stopPrank();
        (ids[2],) = _committed(12);
        vm.prank(game);
        market.freeze(ids[2]);
        (ids[3],) = _committed(13);
        (ids[4],) = _claimed(14);
        (ids[5],) = _submit(15);
        assertGt(market.owedToOpenGames(ids[1]), 0, "a game is owed");
    }

    /// @dev Every balance, credit, stake, job record and role that funds or outcomes depend on.
    function _fingerprint(bytes32[] memory ids) internal view returns (bytes32 h) {
        address[11] memory who =
            [user, solver, v1, v2, challenger, treasury, guardian, admin, game, address(market), address(reg)];
        for (uint256 i; i < who.length; ++i) {
            (uint256 active, uint256 locked, uint256 unbonding,) = reg.stakeOf(who[i]);
            h = keccak256(abi.encode(h, token.balanceOf(who[i]), market.claimable(who[i]), active, locked, unbonding));
        }
        for (uint256 i; i < ids.length; ++i) {
            (uint256 share, uint256 perMove) = market.cheatPayout(ids[i]);
            h = keccak256(abi.encode(h, market.getJob(ids[i]), market.owedToOpenGames(ids[i]), share, perMove));
        }
        h = keccak256(
            abi.encode(
                h,
                token.totalSupply(),
                reg.totalStaked(),
                market.hasRole(market.DISPUTE_GAME_ROLE(), game),
                market.hasRole(market.DISPUTE_GAME_ROLE(), guardian),
                market.hasRole(market.DEFAULT_ADMIN_ROLE(), admin),
                market.hasRole(market.DEFAULT_ADMIN_ROLE(), guardian)
            )
        );
    }

    /// @notice The guardian calls everything its role lets it call (pause, unpause, renounce) and
    ///         every role-gated function it lacks the role for: no balance, credit, stake, job
    ///         record or role changes, and every gated call is refused.
    function test_guardian_everyCallItCanMake_movesNoFunds() public {
        bytes32[] memory ids = _world();
        bytes32 before = _fingerprint(ids);
        bytes32 gameRole = market.DISPUTE_GAME_ROLE();
        bytes32 adminRole = market.DEFAULT_ADMIN_ROLE();
        bytes memory notGame =
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, gameRole);
        bytes memory notAdmin =
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, adminRole);
        vm.startPrank(guardian);
        market.pauseSettlements(maxPause);
        market.unpauseSettlements();
        for (uint256 i; i < ids.length; ++i) {
            vm.expectRevert(notGame);
            market.freeze(ids[i]);
            bytes memory noDispute =
                abi.encodeWithSelector(IJobMarket.JobMarket_NoDisputeByCaller.selector, ids[i], guardian);
            vm.expectRevert(noDispute);
            market.unfreeze(ids[i], guardian, 1);
            vm.expectRevert(noDispute);
            market.settleCheated(ids[i], guardian, 0, 0, 0, bytes32(0));
        }
        vm.expectRevert(notAdmin);
        market.grantRole(gameRole, guardian);
        vm.expectRevert(notAdmin);
        market.grantRole(adminRole, guardian);
        vm.expectRevert(notAdmin);
        market.grantRole(guardianRole, stranger);
        vm.expectRevert(notAdmin);
        market.revokeRole(gameRole, game);
        vm.expectRevert(notAdmin);
        market.revokeRole(adminRole, admin);
        vm.expectRevert(IJobMarket.JobMarket_NothingToWithdraw.selector);
        market.withdraw(guardian);
        market.renounceRole(guardianRole, guardian);
        vm.stopPrank();
        assertEq(_fingerprint(ids), before, "the guardian moved nothing");
        assertFalse(market.hasRole(guardianRole, guardian), "renounced");
    }

    /// @notice Any interleaving of pauses, early unpauses, refused pauses, time passing and
    ///         refused privileged calls by the guardian leaves every balance, credit, stake, job
    ///         record and role exactly as it was.
    function testFuzz_guardian_anySequence_movesNoFunds(uint256 seed) public {
        bytes32[] memory ids = _world();
        bytes32 before = _fingerprint(ids);
        bytes32 gameRole = market.DISPUTE_GAME_ROLE();
        for (uint256 i; i < 16; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 action = r % 6;
            r >>= 8;
            if (action == 0) {
                uint256 duration = bound(r, 0, maxPause + 1 days);
                vm.prank(guardian);
                try market.pauseSettlements(duration) {} catch {}
            } else if (action == 1) {
                vm.prank(guardian);
                try market.unpauseSettlements() {} catch {}
            } else if (action == 2) {
                vm.warp(block.timestamp + bound(r, 0, 16 days));
            } else if (action == 3) {
                bytes32 id = ids[r % ids.length];
                vm.prank(guardian);
                try market.settleCheated(id, guardian, 0, 0, 0, bytes32(0)) {
                    fail("guardian settled a cheat");
                } catch {}
            } else if (action == 4) {
                vm.prank(guardian);
                try market.grantRole(gameRole, guardian) {
                    fail("guardian granted a role");
                } catch {}
            } else {
                vm.prank(guardian);
                try market.withdraw(guardian) {
                    fail("guardian withdrew");
                } catch {}
            }
            assertEq(_fingerprint(ids), before, "the guardian moved something");
        }
    }
}
