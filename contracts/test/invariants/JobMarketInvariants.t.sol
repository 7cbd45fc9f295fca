// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Attesting} from "../market/Attesting.sol";
import {JobMarketBase} from "../market/JobMarketBase.sol";
import {JobMarket} from "../../src/market/JobMarket.sol";
import {JobRequest, JobStatus} from "../../src/types/JobTypes.sol";

/// @notice Drives the market through random lifecycles: users submit, solvers claim and commit,
///         verifiers attest, a game freezes/unfreezes/settles, time passes, anyone finalizes or
///         refunds, accounts withdraw, the guardian pauses settlements (and it or the admin ends a
///         pause early), time skips past pauses and cooldowns. Records what was paid per job and
///         every pause the market accepted.
contract JobMarketHandler is JobMarketBase {
    uint256[] private userKeys;
    address[] private solvers;
    address[] private verifiers;
    address[] private accounts; // everyone who can ever be credited
    bytes32[] public jobs;
    uint256 private nextNonce;

    mapping(bytes32 => uint256) public finalizeCount;
    mapping(bytes32 => uint256) public creditedAtFinalize;
    mapping(bytes32 => uint256) public priceOf;
    bool public payoutAfterFinalize;

    address public constant GUARDIAN = address(0x6A4D);
    uint256 public pauseCount;
    uint256 private pauseEnd; // end of the last accepted pause (its until, or when it was ended early)
    bool public pauseRuleBroken; // a pause longer than MAX_PAUSE, or inside the cooldown, was accepted
    bool public paidWhilePaused; // a finalize or withdraw succeeded while settlements were paused
    bool public withdrawRefused; // a withdraw of a positive credit failed outside a pause

    constructor(JobMarketBase fixture) {
        token = fixture.tokenRef();
        reg = fixture.regRef();
        market = fixture.marketRef();
        for (uint256 i; i < 3; ++i) {
            uint256 k = 0x1000 + i;
            userKeys.push(k);
            accounts.push(vm.addr(k));
            solvers.push(address(uint160(0x5000 + i)));
            accounts.push(solvers[i]);
            verifiers.push(address(uint160(0x7000 + i)));
            accounts.push(verifiers[i]);
        }
        accounts.push(address(0xC4A1)); // challenger
        accounts.push(address(0x7EA)); // treasury
    }

    function userKeyAt(uint256 i) external view returns (uint256) {
        return userKeys[i];
    }

    function solverAt(uint256 i) external view returns (address) {
        return solvers[i];
    }

    function verifierAt(uint256 i) external view returns (address) {
        return verifiers[i];
    }

    function accountCount() external view returns (uint256) {
        return accounts.length;
    }

    function accountAt(uint256 i) external view returns (address) {
        return accounts[i];
    }

    function jobCount() external view returns (uint256) {
        return jobs.length;
    }

    function _job(uint256 seed) private view returns (bytes32) {
        return jobs[seed % jobs.length];
    }

    function _sumClaimable() private view returns (uint256 s) {
        for (uint256 i; i < accounts.length; ++i) {
            s += market.claimable(accounts[i]);
        }
    }

    // ----------------------------------------------------------------------------------- actions
    function submit(uint256 who, uint256 price, uint256 collateral, bool withPermit) external {
        uint256 key = userKeys[who % userKeys.length];
        JobRequest memory r = _request(vm.addr(key), nextNonce++);
        r.price = bound(price, 1, 1_000e6);
        r.collateral = bound(collateral, 1, 300e6);
        r.steps = 16;
        bytes memory sig = _signRequest(key, r);
        bytes32 id;
        if (withPermit) {
            id = market.submitJob(
                r, sig, _permit(key, address(market), r.price, block.timestamp + 1 hours), _hp(), _widths()
            );
        } else {
            vm.prank(vm.addr(key));
            token.approve(address(market), r.price);
            id = market.submitJob(r, sig, _noPermit(), _hp(), _widths());
        }
        jobs.push(id);
        priceOf[id] = r.price;
    }

    function claim(uint256 jobSeed, uint256 who) external {
        if (jobs.length == 0) return;
        bytes32 id = _job(jobSeed);
        vm.prank(solvers[who % solvers.length]);
        try market.claim(id) {} catch {}
    }

    function commit(uint256 jobSeed, uint16 k) external {
        if (jobs.length == 0) return;
        bytes32 id = _job(jobSeed);
        JobMarket.JobView memory v = market.getJob(id);
        if (v.status != JobStatus.Claimed) return;
        vm.prank(v.solver);
        try market.commit(
            id,
            keccak256(abi.encode(id)),
            16,
            uint16(bound(k, 1, 16)),
            keccak256(abi.encode(id, 1)),
            Attesting.stepRoot(16)
        ) {}
            catch {}
    }

    function attest(uint256 jobSeed, uint256 who) external {
        if (jobs.length == 0) return;
        bytes32 id = _job(jobSeed);
        address v = verifiers[who % verifiers.length];
        try this.attestAs(id, v) {} catch {}
    }

    /// @dev `v` attests `id` with its sample (external so a revert is caught whole).
    function attestAs(bytes32 id, address v) external {
        (uint64[] memory t, bytes32[] memory b, bytes32[] memory a, bytes32[] memory p) =
            Attesting.sample(market, id, v);
        vm.prank(v);
        market.attest(id, t, b, a, p);
    }

    function passTime(uint256 secs, uint256 blocks) external {
        vm.warp(block.timestamp + bound(secs, 0, 2 days));
        vm.roll(block.number + bound(blocks, 0, 300));
    }

    function finalize(uint256 jobSeed) external {
        if (jobs.length == 0) return;
        _finalize(_job(jobSeed));
    }

    /// @dev Finalizes the first job from `jobSeed` on that is due (so pauses meet due jobs).
    function finalizeDue(uint256 jobSeed) external {
        uint256 n = jobs.length;
        for (uint256 i; i < n; ++i) {
            bytes32 id = jobs[(jobSeed % n + i) % n];
            JobMarket.JobView memory v = market.getJob(id);
            if (v.status == JobStatus.Committed && block.timestamp > v.challengeDeadline && v.openDisputes == 0) {
                _finalize(id);
                return;
            }
        }
    }

    function _finalize(bytes32 id) private {
        JobStatus before = market.jobStatus(id);
        uint256 owedBefore = _sumClaimable();
        bool paused = market.settlementsPausedUntil() != 0;
        try market.finalize(id) {
            if (paused) paidWhilePaused = true;
            finalizeCount[id] += 1;
            creditedAtFinalize[id] += _sumClaimable() - owedBefore;
        } catch {
            if (before == JobStatus.Finalized && _sumClaimable() != owedBefore) payoutAfterFinalize = true;
        }
    }

    function refundUnclaimed(uint256 jobSeed) external {
        if (jobs.length == 0) return;
        try market.refundUnclaimed(_job(jobSeed)) {} catch {}
    }

    function refundUncommitted(uint256 jobSeed) external {
        if (jobs.length == 0) return;
        try market.refundUncommitted(_job(jobSeed)) {} catch {}
    }

    function freeze(uint256 jobSeed) external {
        if (jobs.length == 0) return;
        vm.prank(address(0x6A));
        try market.freeze(_job(jobSeed)) {} catch {}
    }

    function unfreeze(uint256 jobSeed) external {
        if (jobs.length == 0) return;
        vm.prank(address(0x6A));
        try market.unfreeze(_job(jobSeed), address(0xC4A1), 1) {} catch {}
    }

    function settleCheated(uint256 jobSeed) external {
        if (jobs.length == 0) return;
        vm.prank(address(0x6A));
        try market.settleCheated(_job(jobSeed), address(0xC4A1), 1, 1, 1e6, bytes32(0)) {} catch {}
    }

    /// @dev Withdraws for the first account from `who` on that has credit (so pauses meet credits).
    function withdraw(uint256 who) external {
        address a;
        uint256 start = who % accounts.length;
        for (uint256 i; i < accounts.length; ++i) {
            a = accounts[(start + i) % accounts.length];
            if (market.claimable(a) != 0) break;
        }
        if (market.claimable(a) == 0) return;
        bool paused = market.settlementsPausedUntil() != 0;
        vm.prank(a);
        try market.withdraw(a) {
            if (paused) paidWhilePaused = true;
        } catch {
            if (!paused) withdrawRefused = true;
        }
    }

    function pause(uint256 duration) external {
        duration = bound(duration, 0, market.MAX_PAUSE() + 1 days);
        vm.prank(GUARDIAN);
        try market.pauseSettlements(duration) {
            if (duration == 0 || duration > market.MAX_PAUSE()) pauseRuleBroken = true;
            if (pauseCount != 0 && block.timestamp < pauseEnd + market.PAUSE_COOLDOWN()) pauseRuleBroken = true;
            pauseCount += 1;
            pauseEnd = block.timestamp + duration;
        } catch {}
    }

    function unpause(bool byAdmin) external {
        vm.prank(byAdmin ? address(0xAD) : GUARDIAN);
        try market.unpauseSettlements() {
            pauseEnd = block.timestamp;
        } catch {}
    }

    /// @dev Jumps to the end of the current pause, or further to the end of the cooldown.
    function skipPause(bool pastCooldown) external {
        uint256 until = market.settlementsPausedUntil();
        if (until != 0) vm.warp(until);
        if (pastCooldown && market.nextPauseAllowedAt() > block.timestamp) vm.warp(market.nextPauseAllowedAt());
        vm.roll(block.number + 1);
    }
}

contract JobMarketInvariantTest is JobMarketBase {
    JobMarketHandler private handler;

    function setUp() public {
        vm.warp(1_700_000_000);
        vm.roll(1_000);
        _deploy();
        handler = new JobMarketHandler(this);
        for (uint256 i; i < 3; ++i) {
            token.mint(vm.addr(handler.userKeyAt(i)), 1_000_000_000e6);
            _operator(handler.solverAt(i), 1, 1_000e6);
            _operator(handler.verifierAt(i), 2, 100e6);
        }
        bytes32 guardianRole = market.GUARDIAN_ROLE();
        address guardian = handler.GUARDIAN();
        vm.prank(admin);
        market.grantRole(guardianRole, guardian);
        targetContract(address(handler));
    }

    /// @custom:invariant The market's token balance equals what it owes: the prices escrowed for
    ///                   live jobs (Open, Claimed, Committed), what cheated jobs still owe their open
    ///                   games, plus every account's claimable credit; the registry's balance equals
    ///                   its totalStaked.
    function invariant_balanceEqualsOwed() public view {
        uint256 owed;
        for (uint256 i; i < handler.jobCount(); ++i) {
            bytes32 id = handler.jobs(i);
            JobStatus s = market.jobStatus(id);
            if (s == JobStatus.Open || s == JobStatus.Claimed || s == JobStatus.Committed) owed += handler.priceOf(id);
            owed += market.owedToOpenGames(id);
        }
        for (uint256 i; i < handler.accountCount(); ++i) {
            owed += market.claimable(handler.accountAt(i));
        }
        assertEq(token.balanceOf(address(market)), owed, "market balance == owed");
        assertEq(token.balanceOf(address(reg)), reg.totalStaked(), "registry balance == owed");
    }

    /// @custom:invariant A finalized job is paid exactly once, exactly its price; a failed second
    ///                   finalize never moves credit.
    function invariant_finalizedPaidOnce() public view {
        for (uint256 i; i < handler.jobCount(); ++i) {
            bytes32 id = handler.jobs(i);
            uint256 n = handler.finalizeCount(id);
            assertLe(n, 1, "finalized twice");
            if (n == 1) {
                assertEq(uint256(market.jobStatus(id)), uint256(JobStatus.Finalized), "status");
                assertEq(handler.creditedAtFinalize(id), handler.priceOf(id), "paid exactly the price");
            }
        }
        assertFalse(handler.payoutAfterFinalize(), "credit moved by a rejected finalize");
    }

    /// @custom:invariant Each solver's locked stake equals the collateral of its Claimed and
    ///                   Committed jobs, and never exceeds its active stake.
    function invariant_lockedMatchesLiveJobs() public view {
        for (uint256 s; s < 3; ++s) {
            address solver = handler.solverAt(s);
            uint256 expected;
            for (uint256 i; i < handler.jobCount(); ++i) {
                JobMarket.JobView memory v = market.getJob(handler.jobs(i));
                if (v.solver == solver && (v.status == JobStatus.Claimed || v.status == JobStatus.Committed)) {
                    expected += v.collateral;
                }
            }
            (uint256 active, uint256 locked,,) = reg.stakeOf(solver);
            assertEq(locked, expected, "locked == live collateral");
            assertLe(locked, active, "locked <= active");
        }
    }

    /// @custom:invariant The guardian's pauses are bounded: no accepted pause was 0 s, longer than
    ///                   MAX_PAUSE or started within PAUSE_COOLDOWN of the previous pause's end,
    ///                   and the current pause (if any) ends within MAX_PAUSE.
    function invariant_pausesBounded() public view {
        assertFalse(handler.pauseRuleBroken(), "pause outside its bounds accepted");
        assertLe(market.settlementsPausedUntil(), block.timestamp + market.MAX_PAUSE(), "pause ends in time");
    }

    /// @custom:invariant Nothing is paid out while settlements are paused (no finalize, no
    ///                   withdraw), and outside a pause every positive credit can be withdrawn.
    function invariant_nothingPaidWhilePaused() public view {
        assertFalse(handler.paidWhilePaused(), "paid while paused");
        assertFalse(handler.withdrawRefused(), "withdraw refused outside a pause");
    }
}
