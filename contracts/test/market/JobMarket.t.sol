// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Attestation_StepNotOpened} from "../../src/dispute/lib/Errors.sol";
import {Attesting} from "./Attesting.sol";
import {JobMarketBase} from "./JobMarketBase.sol";
import {JobMarket} from "../../src/market/JobMarket.sol";
import {JobRequest, JobStatus} from "../../src/types/JobTypes.sol";
import {PermitData} from "../../src/types/PermitData.sol";
import {IJobMarketDisputeHook} from "../../src/interfaces/IJobMarketDisputeHook.sol";
import {MockERC1271Wallet} from "../mocks/MockERC1271Wallet.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";

contract JobMarketTest is JobMarketBase {
    uint256 private userKey = 0xA11CE;
    address private user;
    address private relayer = address(0x4E1A);
    address private solver = address(0x501);
    address private v1 = address(0x7E1);
    address private v2 = address(0x7E2);
    address private v3 = address(0x7E3);
    address private v4 = address(0x7E4);
    address private challenger = address(0xC4A1);

    // Pre-built arguments for the gas tests (built in setUp, outside the metered call).
    JobRequest private gasReq;
    bytes private gasSig;
    PermitData private gasPermit;
    bytes32 private gasJob;

    function setUp() public {
        vm.warp(1_700_000_000);
        vm.roll(1_000);
        _deploy();
        user = vm.addr(userKey);
        token.mint(user, 10_000e6);
        _operator(solver, 1, 1_000e6);
        _operator(v1, 2, 100e6);
        _operator(v2, 2, 100e6);
        _operator(v3, 2, 100e6);
        _operator(v4, 2, 100e6);
    }

    // ----------------------------------------------------------------------------------- helpers
    function _submit(uint256 nonce) internal returns (bytes32 jobId, JobRequest memory r) {
        r = _request(user, nonce);
        PermitData memory p = _permit(userKey, address(market), r.price, block.timestamp + 1 hours);
        vm.prank(relayer);
        jobId = market.submitJob(r, _signRequest(userKey, r), p, _hp(), _widths());
    }

    function _claimed() internal returns (bytes32 jobId, JobRequest memory r) {
        (jobId, r) = _submit(0);
        vm.prank(solver);
        market.claim(jobId);
    }

    function _committed() internal returns (bytes32 jobId, JobRequest memory r) {
        (jobId, r) = _claimed();
        vm.prank(solver);
        market.commit(jobId, keccak256("trace"), r.steps, 64, keccak256("model"), Attesting.stepRoot(r.steps));
    }

    /// @dev A second committed job (user nonce `nonce`), by the same solver.
    function _committedJob(uint256 nonce) internal returns (bytes32 jobId, JobRequest memory r) {
        (jobId, r) = _submit(nonce);
        vm.prank(solver);
        market.claim(jobId);
        vm.prank(solver);
        market.commit(jobId, keccak256("trace2"), r.steps, 64, keccak256("model2"), Attesting.stepRoot(r.steps));
    }

    /// @dev A fingerprint of everything a rejected submit could have touched.
    function _submitState(JobRequest memory r) internal view returns (bytes32) {
        return keccak256(
            abi.encode(
                token.balanceOf(user),
                token.balanceOf(address(market)),
                token.allowance(user, address(market)),
                market.isNonceUsed(r.user, r.nonce),
                market.jobStatus(_digest(r, block.chainid, address(market)))
            )
        );
    }

    function _expectSubmitRejected(JobRequest memory r, bytes memory sig, PermitData memory p, bytes memory err)
        internal
    {
        bytes32 before = _submitState(r);
        vm.prank(relayer);
        vm.expectRevert(err);
        market.submitJob(r, sig, p, _hp(), _widths());
        assertEq(_submitState(r), before, "state changed by a rejected submit");
    }

    // ------------------------------------------------------------------------------ constructor
    function test_constructor_zeroRandomnessDelay_reverts() public {
        vm.expectRevert(IJobMarket.JobMarket_InvalidConfig.selector);
        new JobMarket(IERC20(address(token)), reg, admin, treasury, WINDOW, 0, FEE_BPS, validator);
    }

    function test_constructor_zeroTreasury_reverts() public {
        vm.expectRevert(IJobMarket.JobMarket_ZeroAddress.selector);
        new JobMarket(IERC20(address(token)), reg, admin, address(0), WINDOW, RDELAY, FEE_BPS, validator);
    }

    function test_domainSeparator_bindsChainAndAddress() public view {
        assertEq(market.domainSeparator(), _domain("Tribunal JobMarket", block.chainid, address(market)), "domain");
        assertEq(market.JOB_REQUEST_TYPEHASH(), REQUEST_TYPEHASH, "typehash");
    }

    // -------------------------------------------------------------------------------- submitJob
    function test_submitJob_withPermit_escrowsPrice() public {
        (bytes32 jobId, JobRequest memory r) = _submit(0);
        assertEq(jobId, _digest(r, block.chainid, address(market)), "job id is the digest");
        assertEq(market.hashJobRequest(r), jobId, "hashJobRequest");
        assertEq(token.balanceOf(address(market)), r.price, "escrow");
        assertEq(token.balanceOf(user), 10_000e6 - r.price, "user paid");
        JobMarket.JobView memory v = market.getJob(jobId);
        assertEq(uint256(v.status), uint256(JobStatus.Open), "open");
        assertEq(v.user, user, "user");
        assertEq(uint256(v.price), r.price, "price");
        assertEq(uint256(v.collateral), r.collateral, "collateral");
        assertEq(uint256(v.steps), r.steps, "steps");
        assertTrue(market.isNonceUsed(user, 0), "nonce used");
    }

    function test_submitJob_permitFrontRun_stillSucceeds() public {
        JobRequest memory r = _request(user, 0);
        PermitData memory p = _permit(userKey, address(market), r.price, block.timestamp + 1 hours);
        // An attacker submits the permit first: the market's own permit call then fails.
        token.permit(user, address(market), p.value, p.deadline, p.v, p.r, p.s);
        vm.prank(relayer);
        bytes32 jobId = market.submitJob(r, _signRequest(userKey, r), p, _hp(), _widths());
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Open), "submitted");
        assertEq(token.balanceOf(address(market)), r.price, "escrow");
    }

    function test_submitJob_withAllowanceNoPermit_succeeds() public {
        JobRequest memory r = _request(user, 5);
        vm.prank(user);
        token.approve(address(market), r.price);
        bytes32 jobId = market.submitJob(r, _signRequest(userKey, r), _noPermit(), _hp(), _widths());
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Open), "submitted");
    }

    function test_submitJob_replayed_reverts() public {
        (, JobRequest memory r) = _submit(0);
        vm.prank(user);
        token.approve(address(market), r.price);
        bytes memory sig = _signRequest(userKey, r);
        _expectSubmitRejected(
            r, sig, _noPermit(), abi.encodeWithSelector(IJobMarket.JobMarket_NonceUsed.selector, user, uint256(0))
        );
    }

    function test_submitJob_otherChainId_reverts() public {
        JobRequest memory r = _request(user, 0);
        bytes memory sig = _sign(userKey, _digest(r, 1, address(market)));
        PermitData memory p = _permit(userKey, address(market), r.price, block.timestamp + 1 hours);
        _expectSubmitRejected(r, sig, p, abi.encodeWithSelector(IJobMarket.JobMarket_InvalidSignature.selector));
    }

    function test_submitJob_signedOnOtherChain_rejectedAfterFork() public {
        // The same market address seen from another chain (a fork) rejects the original signature.
        JobRequest memory r = _request(user, 0);
        bytes memory sig = _signRequest(userKey, r);
        vm.chainId(999);
        _expectSubmitRejected(
            r, sig, _noPermit(), abi.encodeWithSelector(IJobMarket.JobMarket_InvalidSignature.selector)
        );
    }

    function test_submitJob_otherMarketAddress_reverts() public {
        JobRequest memory r = _request(user, 0);
        bytes memory sig = _sign(userKey, _digest(r, block.chainid, address(0xBEEF)));
        PermitData memory p = _permit(userKey, address(market), r.price, block.timestamp + 1 hours);
        _expectSubmitRejected(r, sig, p, abi.encodeWithSelector(IJobMarket.JobMarket_InvalidSignature.selector));
    }

    function test_submitJob_highS_reverts() public {
        JobRequest memory r = _request(user, 0);
        bytes memory sig = _highS(_signRequest(userKey, r));
        PermitData memory p = _permit(userKey, address(market), r.price, block.timestamp + 1 hours);
        _expectSubmitRejected(r, sig, p, abi.encodeWithSelector(IJobMarket.JobMarket_SignatureHighS.selector));
    }

    function test_submitJob_expiredDeadline_reverts() public {
        JobRequest memory r = _request(user, 0);
        bytes memory sig = _signRequest(userKey, r);
        PermitData memory p = _permit(userKey, address(market), r.price, block.timestamp + 2 hours);
        vm.warp(r.claimDeadline + 1);
        _expectSubmitRejected(
            r, sig, p, abi.encodeWithSelector(IJobMarket.JobMarket_RequestExpired.selector, r.claimDeadline)
        );
    }

    function test_submitJob_wrongSigner_reverts() public {
        JobRequest memory r = _request(user, 0);
        bytes memory sig = _signRequest(0xB0B, r);
        _expectSubmitRejected(
            r, sig, _noPermit(), abi.encodeWithSelector(IJobMarket.JobMarket_InvalidSignature.selector)
        );
    }

    function test_submitJob_tamperedField_reverts() public {
        JobRequest memory r = _request(user, 0);
        bytes memory sig = _signRequest(userKey, r);
        r.price = r.price - 1;
        _expectSubmitRejected(
            r, sig, _noPermit(), abi.encodeWithSelector(IJobMarket.JobMarket_InvalidSignature.selector)
        );
    }

    function test_submitJob_shortSignature_reverts() public {
        JobRequest memory r = _request(user, 0);
        _expectSubmitRejected(
            r, hex"1234", _noPermit(), abi.encodeWithSelector(IJobMarket.JobMarket_InvalidSignature.selector)
        );
    }

    function test_submitJob_invalidFields_reverts() public {
        JobRequest memory r = _request(user, 0);
        r.commitDeadline = r.claimDeadline;
        _expectSubmitRejected(
            r,
            _signRequest(userKey, r),
            _noPermit(),
            abi.encodeWithSelector(IJobMarket.JobMarket_InvalidRequest.selector)
        );
        r = _request(user, 0);
        r.price = uint256(type(uint96).max) + 1;
        _expectSubmitRejected(
            r,
            _signRequest(userKey, r),
            _noPermit(),
            abi.encodeWithSelector(IJobMarket.JobMarket_InvalidRequest.selector)
        );
        r = _request(user, 0);
        r.steps = 0;
        _expectSubmitRejected(
            r,
            _signRequest(userKey, r),
            _noPermit(),
            abi.encodeWithSelector(IJobMarket.JobMarket_InvalidRequest.selector)
        );
    }

    function test_submitJob_invalidatedNonce_reverts() public {
        vm.prank(user);
        market.invalidateNonce(300);
        JobRequest memory r = _request(user, 300);
        PermitData memory p = _permit(userKey, address(market), r.price, block.timestamp + 1 hours);
        _expectSubmitRejected(
            r,
            _signRequest(userKey, r),
            p,
            abi.encodeWithSelector(IJobMarket.JobMarket_NonceUsed.selector, user, uint256(300))
        );
    }

    function test_submitJob_erc1271Wallet_accepted() public {
        MockERC1271Wallet wallet = new MockERC1271Wallet(user);
        token.mint(address(wallet), 1_000e6);
        vm.prank(user);
        wallet.approve(IERC20(address(token)), address(market), type(uint256).max);
        JobRequest memory r = _request(address(wallet), 0);
        bytes32 jobId = market.submitJob(r, _signRequest(userKey, r), _noPermit(), _hp(), _widths());
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Open), "wallet job");
        // A signature by another key is refused by the wallet.
        r = _request(address(wallet), 1);
        _expectSubmitRejected(
            r,
            _signRequest(0xB0B, r),
            _noPermit(),
            abi.encodeWithSelector(IJobMarket.JobMarket_InvalidSignature.selector)
        );
    }

    function testFuzz_submitJob_anyNonceOnce(uint256 nonce, uint96 price) public {
        price = uint96(bound(price, 1, 10_000e6));
        JobRequest memory r = _request(user, nonce);
        r.price = price;
        vm.prank(user);
        token.approve(address(market), type(uint256).max);
        bytes memory sig = _signRequest(userKey, r);
        market.submitJob(r, sig, _noPermit(), _hp(), _widths());
        assertEq(token.balanceOf(address(market)), price, "escrow");
        assertTrue(market.isNonceUsed(user, nonce), "used");
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_NonceUsed.selector, user, nonce));
        market.submitJob(r, sig, _noPermit(), _hp(), _widths());
    }

    function testFuzz_invalidateNonce_marksOnlyThatNonce(uint256 nonce, uint256 other) public {
        vm.assume(nonce != other);
        vm.prank(user);
        market.invalidateNonce(nonce);
        assertTrue(market.isNonceUsed(user, nonce), "nonce");
        assertFalse(market.isNonceUsed(user, other), "other");
    }

    // ------------------------------------------------------------------------------------ claim
    function test_claim_stakedSolver_locksCollateral() public {
        (bytes32 jobId, JobRequest memory r) = _claimed();
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Claimed), "claimed");
        (address op, uint256 amount) = reg.lockOf(address(market), jobId);
        assertEq(op, solver, "lock operator");
        assertEq(amount, r.collateral, "lock amount");
        assertEq(reg.freeStakeOf(solver), 1_000e6 - r.collateral, "free");
    }

    function test_claim_unstaked_reverts() public {
        (bytes32 jobId,) = _submit(0);
        vm.prank(v1); // a verifier, not a solver
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_NotStakedSolver.selector, v1));
        market.claim(jobId);
    }

    function test_claim_afterDeadline_reverts() public {
        (bytes32 jobId, JobRequest memory r) = _submit(0);
        vm.warp(r.claimDeadline + 1);
        vm.prank(solver);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobMarket_ClaimDeadlinePassed.selector, uint40(r.claimDeadline))
        );
        market.claim(jobId);
    }

    function test_claim_twice_reverts() public {
        (bytes32 jobId,) = _claimed();
        vm.prank(solver);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_WrongStatus.selector, jobId, JobStatus.Claimed));
        market.claim(jobId);
    }

    function test_claim_unknownJob_reverts() public {
        vm.prank(solver);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_UnknownJob.selector, bytes32("x")));
        market.claim(bytes32("x"));
    }

    function test_claim_insufficientStake_reverts() public {
        address poor = address(0x9009);
        _operator(poor, 1, 50e6);
        (bytes32 jobId,) = _submit(0);
        vm.prank(poor);
        vm.expectRevert(); // StakeRegistry_InsufficientFreeStake bubbles up
        market.claim(jobId);
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Open), "still open");
    }

    // ----------------------------------------------------------------------------------- commit
    function test_commit_byClaimer_recordsCommitment() public {
        (bytes32 jobId, JobRequest memory r) = _committed();
        IJobMarketDisputeHook.Commitment memory c = market.commitment(jobId);
        assertEq(c.traceRoot, keccak256("trace"), "trace root");
        assertEq(c.finalModelHash, keccak256("model"), "model");
        assertEq(uint256(c.nSteps), r.steps, "steps");
        assertEq(uint256(c.checkpointInterval), 64, "K");
        assertEq(uint256(c.commitBlock), block.number, "block");
        assertEq(uint256(c.challengeDeadline), block.timestamp + WINDOW, "deadline");
        assertEq(c.solver, solver, "solver");
    }

    function test_commit_byStranger_reverts() public {
        (bytes32 jobId, JobRequest memory r) = _claimed();
        vm.prank(v1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_NotSolver.selector, v1));
        market.commit(jobId, keccak256("t"), r.steps, 1, keccak256("m"), Attesting.stepRoot(r.steps));
    }

    function test_commit_afterDeadline_reverts() public {
        (bytes32 jobId, JobRequest memory r) = _claimed();
        vm.warp(r.commitDeadline + 1);
        vm.prank(solver);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobMarket_CommitDeadlinePassed.selector, uint40(r.commitDeadline))
        );
        market.commit(jobId, keccak256("t"), r.steps, 1, keccak256("m"), Attesting.stepRoot(r.steps));
    }

    function testFuzz_commit_badShape_reverts(uint64 nSteps, uint16 k) public {
        (bytes32 jobId, JobRequest memory r) = _claimed();
        vm.assume(nSteps != r.steps || k == 0 || k > nSteps);
        vm.prank(solver);
        vm.expectRevert(IJobMarket.JobMarket_InvalidCommitment.selector);
        market.commit(jobId, keccak256("t"), nSteps, k, keccak256("m"), keccak256("steps"));
    }

    function test_commit_zeroRoot_reverts() public {
        (bytes32 jobId, JobRequest memory r) = _claimed();
        vm.prank(solver);
        vm.expectRevert(IJobMarket.JobMarket_InvalidCommitment.selector);
        market.commit(jobId, bytes32(0), r.steps, 1, keccak256("m"), Attesting.stepRoot(r.steps));
    }

    /// @notice No commitment without a step tree (attestations are checked against it).
    function test_commit_zeroStepRoot_reverts() public {
        (bytes32 jobId, JobRequest memory r) = _claimed();
        vm.prank(solver);
        vm.expectRevert(IJobMarket.JobMarket_InvalidCommitment.selector);
        market.commit(jobId, keccak256("t"), r.steps, 1, keccak256("m"), bytes32(0));
    }

    function test_commit_twice_reverts() public {
        (bytes32 jobId, JobRequest memory r) = _committed();
        vm.prank(solver);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_WrongStatus.selector, jobId, JobStatus.Committed));
        market.commit(jobId, keccak256("t"), r.steps, 1, keccak256("m"), Attesting.stepRoot(r.steps));
    }

    // ------------------------------------------------------------------------------- randomness
    function test_recordRandomness_beforeAnchor_reverts() public {
        (bytes32 jobId,) = _committed();
        vm.roll(block.number + RDELAY);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobMarket_RandomnessNotReady.selector, uint256(1_000 + RDELAY))
        );
        market.recordRandomness(jobId);
    }

    function test_recordRandomness_usesAnchorBlockhash() public {
        (bytes32 jobId,) = _committed();
        uint256 anchor = block.number + RDELAY;
        vm.roll(anchor + 1);
        bytes32 rnd = market.recordRandomness(jobId);
        assertEq(rnd, keccak256(abi.encode(blockhash(anchor), jobId)), "randomness");
        assertEq(market.randomnessOf(jobId), rnd, "stored");
        vm.roll(anchor + 50);
        assertEq(market.recordRandomness(jobId), rnd, "idempotent");
    }

    /// @notice Nobody recorded the randomness in time: whoever calls first cannot pick the seed.
    ///         The late call moves the anchor to a block not mined yet; the seed is that block's
    ///         hash, the same whenever and by whomever it is recorded after.
    function testFuzz_lateRandomness_anchorCannotBeChosen(uint256 wait, uint256 laterWait) public {
        (bytes32 jobId,) = _committed();
        uint256 anchor = block.number + RDELAY;
        wait = bound(wait, 257, 100_000);
        vm.roll(anchor + wait);
        vm.expectEmit(true, false, false, true);
        emit IJobMarket.RandomnessReanchored(jobId, anchor, block.number + RDELAY);
        assertEq(market.recordRandomness(jobId), bytes32(0), "not recorded yet");
        uint256 moved = block.number + RDELAY;
        assertEq(market.randomnessAnchor(jobId), moved, "moved to a future block");
        assertEq(market.randomnessOf(jobId), bytes32(0), "nothing fixed");
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_RandomnessNotReady.selector, moved));
        market.recordRandomness(jobId);
        // an attester cannot skip the move either: attest reverts rather than seeding from anything
        vm.roll(moved + bound(laterWait, 1, 256));
        bytes32 rnd = market.recordRandomness(jobId);
        assertEq(rnd, keccak256(abi.encode(blockhash(moved), jobId)), "seeded by the new anchor");
        assertEq(market.recordRandomness(jobId), rnd, "fixed");
    }

    function test_attest_afterTheAnchorHashIsGone_revertsUntilMoved() public {
        (bytes32 jobId,) = _committed();
        vm.roll(block.number + RDELAY + 300);
        vm.prank(v1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_RandomnessNotReady.selector, block.number - 300));
        market.attest(jobId, new uint64[](0), new bytes32[](0), new bytes32[](0), new bytes32[](0));
        assertEq(market.randomnessOf(jobId), bytes32(0), "an attest never fixes a seed from a gone hash");
    }

    function test_recordRandomness_notCommitted_reverts() public {
        (bytes32 jobId,) = _claimed();
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_WrongStatus.selector, jobId, JobStatus.Claimed));
        market.recordRandomness(jobId);
    }

    // ----------------------------------------------------------------------------------- attest
    function test_attest_drawnVerifier_recordedAndBonded() public {
        (bytes32 jobId, JobRequest memory r) = _committed();
        vm.roll(block.number + RDELAY + 1);
        address[] memory seats = _seats(jobId);
        assertEq(seats.length, 3, "three seats among four verifiers");
        uint256 bond = r.collateral * market.ATTESTER_BOND_BPS() / 10_000;
        assertEq(market.attesterBond(jobId), bond, "bond");
        _attest(jobId, seats[0]);
        address[] memory a = market.attestersOf(jobId);
        assertEq(a.length, 1, "one");
        assertEq(a[0], seats[0], "the drawn verifier");
        assertEq(reg.freeStakeOf(seats[0]), 100e6 - bond, "bond locked from its free stake");
    }

    /// @notice A verifier that was not drawn cannot attest, however many sybils it runs.
    function test_attest_notDrawn_reverts() public {
        (bytes32 jobId,) = _committed();
        vm.roll(block.number + RDELAY + 1);
        address[] memory seats = _seats(jobId);
        address[4] memory all = [v1, v2, v3, v4];
        address undrawn;
        for (uint256 i; i < 4; ++i) {
            bool seated;
            for (uint256 s; s < seats.length; ++s) {
                if (seats[s] == all[i]) seated = true;
            }
            if (!seated) undrawn = all[i];
        }
        assertTrue(undrawn != address(0), "one of four is not drawn");
        assertFalse(market.isDrawn(jobId, undrawn), "not drawn");
        (uint64[] memory t, bytes32[] memory b, bytes32[] memory a, bytes32[] memory p) =
            Attesting.sample(market, jobId, undrawn);
        vm.prank(undrawn);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_NotDrawn.selector, undrawn));
        market.attest(jobId, t, b, a, p);
        assertEq(market.attestersOf(jobId).length, 0, "nothing recorded");
        assertEq(reg.freeStakeOf(undrawn), 100e6, "nothing locked");
    }

    /// @notice Verifiers that qualify after the commit block (they saw the commitment, or the
    ///         randomness) change nothing: the draw uses the set as it was at the commit block.
    function testFuzz_attest_lateJoinersCannotChangeTheDraw(uint8 joiners) public {
        (bytes32 jobId,) = _committed();
        vm.roll(block.number + RDELAY + 1);
        address[] memory before = _seats(jobId);
        uint256 n = bound(joiners, 1, 40);
        for (uint256 i; i < n; ++i) {
            _operator(address(uint160(0x9000 + i)), 2, 100e6);
        }
        address[] memory after_ = market.drawnVerifiers(jobId);
        assertEq(keccak256(abi.encode(before)), keccak256(abi.encode(after_)), "same seats");
        (uint64[] memory t, bytes32[] memory b, bytes32[] memory a, bytes32[] memory p) =
            Attesting.sample(market, jobId, address(0x9000));
        vm.prank(address(0x9000));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_NotDrawn.selector, address(0x9000)));
        market.attest(jobId, t, b, a, p);
    }

    /// @notice A drawn verifier that stopped qualifying after the commit (unstaked, then staked
    ///         again) lost its seat: it cannot come back with stake added after the randomness.
    function test_attest_seatLostByABreakInQualification() public {
        (bytes32 jobId,) = _committed();
        vm.roll(block.number + RDELAY + 1);
        address seated = _seats(jobId)[0];
        vm.prank(seated);
        reg.requestUnstake(100e6);
        assertEq(reg.verifierSince(seated), 0, "no longer qualifies");
        token.mint(seated, 100e6);
        vm.startPrank(seated);
        token.approve(address(reg), 100e6);
        reg.stake(100e6);
        vm.stopPrank();
        assertEq(reg.verifierSince(seated), block.number, "qualifies again, from now");
        assertFalse(market.isDrawn(jobId, seated), "seat lost");
        (uint64[] memory t, bytes32[] memory b, bytes32[] memory a, bytes32[] memory p) =
            Attesting.sample(market, jobId, seated);
        vm.prank(seated);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_NotDrawn.selector, seated));
        market.attest(jobId, t, b, a, p);
    }

    /// @notice Seats are distinct, qualified entries of the verifier set: min(N, 3) of them.
    function testFuzz_drawnVerifiers_distinctMembers(uint8 extra, uint256 salt) public {
        uint256 n = bound(extra, 0, 12);
        for (uint256 i; i < n; ++i) {
            _operator(address(uint160(0xA000 + i)), 2, 100e6);
        }
        JobRequest memory r = _request(user, 77 + (salt % 1000));
        vm.prank(user);
        token.approve(address(market), r.price);
        bytes32 jobId = market.submitJob(r, _signRequest(userKey, r), _noPermit(), _hp(), _widths());
        vm.prank(solver);
        market.claim(jobId);
        vm.prank(solver);
        market.commit(jobId, keccak256(abi.encode(salt)), r.steps, 64, keccak256("m"), Attesting.stepRoot(r.steps));
        vm.roll(block.number + RDELAY + 1 + salt % 200);
        address[] memory seats = _seats(jobId);
        assertEq(seats.length, 3, "three seats");
        for (uint256 s; s < seats.length; ++s) {
            assertTrue(reg.verifierSince(seats[s]) != 0, "a qualified verifier");
            for (uint256 t; t < s; ++t) {
                assertTrue(seats[s] != seats[t], "distinct");
            }
        }
    }

    /// @notice The attested transitions must be the verifier's own sample, at least
    ///         MIN_ATTEST_SAMPLES of them, one pair of state hashes each.
    function test_attest_notItsSample_reverts() public {
        (bytes32 jobId,) = _committed();
        vm.roll(block.number + RDELAY + 1);
        address v = _seats(jobId)[0];
        (uint64[] memory t, bytes32[] memory b, bytes32[] memory a, bytes32[] memory p) =
            Attesting.sample(market, jobId, v);
        t[2] = (t[2] + 1) % 64;
        vm.prank(v);
        vm.expectRevert(IJobMarket.JobMarket_BadAttestation.selector);
        market.attest(jobId, t, b, a, p);
        (t, b, a,) = Attesting.sample(market, jobId, v);
        uint64[] memory three = new uint64[](3);
        (three[0], three[1], three[2]) = (t[0], t[1], t[2]);
        vm.prank(v);
        vm.expectRevert(IJobMarket.JobMarket_BadAttestation.selector);
        market.attest(jobId, three, b, a, p);
        bytes32[] memory short = new bytes32[](3);
        vm.prank(v);
        vm.expectRevert(IJobMarket.JobMarket_BadAttestation.selector);
        market.attest(jobId, t, b, short, p);
        assertEq(market.attestersOf(jobId).length, 0, "nothing recorded");
    }

    /// @notice The verifier's dilemma: a lazy verifier (drawn, but it did not replay) cannot name
    ///         the state hashes of its sample. The solver publishes only the per-step leaves
    ///         L_s = keccak(0x04 ‖ s ‖ h_s) and their paths; made-up hashes, or the leaves passed off
    ///         as hashes, do not open the committed step tree. Its attestation reverts: it pays the
    ///         gas and earns nothing, while the verifier that replayed is paid. Laziness loses
    ///         money whatever the others do.
    function test_attest_lazyVerifierCannotAttest_paysGasEarnsNothing() public {
        (bytes32 jobId, JobRequest memory r) = _committed();
        vm.roll(block.number + RDELAY + 1);
        address[] memory seats = _seats(jobId);
        address lazy = seats[0];
        (uint64[] memory t,, bytes32[] memory a, bytes32[] memory p) = Attesting.sample(market, jobId, lazy);
        bytes32[] memory madeUp = new bytes32[](t.length);
        bytes32[] memory leavesAsHashes = new bytes32[](t.length);
        for (uint256 j; j < t.length; ++j) {
            madeUp[j] = keccak256(abi.encode("lazy guess", t[j]));
            leavesAsHashes[j] = Attesting.stepLeaf(t[j]);
        }
        vm.prank(lazy);
        vm.expectRevert(abi.encodeWithSelector(Attestation_StepNotOpened.selector, t[0]));
        market.attest(jobId, t, madeUp, a, p);
        vm.prank(lazy);
        vm.expectRevert(abi.encodeWithSelector(Attestation_StepNotOpened.selector, t[0]));
        market.attest(jobId, t, leavesAsHashes, a, p);
        assertEq(market.attestersOf(jobId).length, 0, "nothing recorded");
        assertEq(reg.freeStakeOf(lazy), 100e6, "nothing locked");
        // the verifier that replayed (knows every h) attests and is paid; the lazy one is not
        _attest(jobId, seats[1]);
        vm.warp(block.timestamp + WINDOW + 1);
        market.finalize(jobId);
        assertEq(market.claimable(lazy), 0, "the lazy verifier earned nothing");
        assertEq(market.claimable(seats[1]), r.price * FEE_BPS / 10_000, "the replaying verifier got the pool");
    }

    function test_attest_notVerifier_reverts() public {
        (bytes32 jobId,) = _committed();
        vm.roll(block.number + RDELAY + 1);
        vm.prank(solver);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_NotStakedVerifier.selector, solver));
        market.attest(jobId, new uint64[](0), new bytes32[](0), new bytes32[](0), new bytes32[](0));
    }

    function test_attest_twice_reverts() public {
        (bytes32 jobId,) = _committed();
        vm.roll(block.number + RDELAY + 1);
        address v = _seats(jobId)[0];
        _attest(jobId, v);
        (uint64[] memory t, bytes32[] memory b, bytes32[] memory a, bytes32[] memory p) =
            Attesting.sample(market, jobId, v);
        vm.prank(v);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_AlreadyAttested.selector, v));
        market.attest(jobId, t, b, a, p);
    }

    function test_attest_afterWindow_reverts() public {
        (bytes32 jobId,) = _committed();
        uint40 deadline = uint40(block.timestamp + WINDOW);
        vm.roll(block.number + RDELAY + 1);
        vm.warp(deadline + 1);
        vm.prank(v1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_ChallengeWindowClosed.selector, deadline));
        market.attest(jobId, new uint64[](0), new bytes32[](0), new bytes32[](0), new bytes32[](0));
    }

    function test_attest_beforeRandomness_reverts() public {
        (bytes32 jobId,) = _committed();
        vm.prank(v1);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobMarket_RandomnessNotReady.selector, uint256(1_000 + RDELAY))
        );
        market.attest(jobId, new uint64[](0), new bytes32[](0), new bytes32[](0), new bytes32[](0));
    }

    // ------------------------------------------------------------------- accountable attesters
    /// @dev A cheated job: its first drawn verifier attested its sample, then a game proved wrong
    ///      the transition `proven(sample)` computes from that sample.
    function _cheatedAfterAttest(function(uint64[] memory) pure returns (bytes32) proven)
        internal
        returns (bytes32 jobId, address v, uint64[] memory t, bytes32[] memory b, bytes32[] memory a)
    {
        (jobId,) = _committed();
        vm.roll(block.number + RDELAY + 1);
        v = _seats(jobId)[0];
        _attest(jobId, v);
        (t, b, a,) = Attesting.sample(market, jobId, v);
        vm.startPrank(game);
        market.freeze(jobId);
        market.settleCheated(jobId, challenger, 1, 1, 0, proven(t));
        vm.stopPrank();
    }

    function _theSecondAttested(uint64[] memory t) internal pure returns (bytes32) {
        return Attesting.transition(t[1], Attesting.stateHash(t[1]), Attesting.stateHash(t[1] + 1));
    }

    function _otherHashesAtTheSecond(uint64[] memory t) internal pure returns (bytes32) {
        return Attesting.transition(t[1], Attesting.stateHash(t[1]), keccak256("what the game was shown"));
    }

    function _noTransition(uint64[] memory) internal pure returns (bytes32) {
        return bytes32(0);
    }

    /// @notice The attester of a transition later proven wrong is slashed: its bond leaves its
    ///         stake for the treasury; the attestation cannot be settled twice.
    function test_settleAttestation_confirmedTheProvenTransition_slashed() public {
        (bytes32 jobId, address v, uint64[] memory t, bytes32[] memory b, bytes32[] memory a) =
            _cheatedAfterAttest(_theSecondAttested);
        uint256 bond = market.attesterBond(jobId);
        uint256 treasuryBefore = market.claimable(treasury);
        (uint256 activeBefore,,,) = reg.stakeOf(v);
        vm.expectEmit(true, true, false, true);
        emit IJobMarket.AttestationSettled(jobId, v, true, bond);
        market.settleAttestation(jobId, v, t, b, a);
        (uint256 activeAfter, uint256 locked,,) = reg.stakeOf(v);
        assertEq(activeAfter, activeBefore - bond, "bond taken from its stake");
        assertEq(locked, 0, "nothing left locked");
        assertEq(market.claimable(treasury), treasuryBefore + bond, "to the treasury");
        assertEq(token.balanceOf(address(reg)), reg.totalStaked(), "registry conserved");
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_UnknownAttestation.selector, v));
        market.settleAttestation(jobId, v, t, b, a);
    }

    /// @notice An attester that confirmed other state hashes for the proven step (the solver
    ///         showed the game a different h_step+1 than it showed the verifier) is not slashed.
    function test_settleAttestation_differentHashes_released() public {
        (bytes32 jobId, address v, uint64[] memory t, bytes32[] memory b, bytes32[] memory a) =
            _cheatedAfterAttest(_otherHashesAtTheSecond);
        (uint256 activeBefore,,,) = reg.stakeOf(v);
        market.settleAttestation(jobId, v, t, b, a);
        (uint256 activeAfter, uint256 locked,,) = reg.stakeOf(v);
        assertEq(activeAfter, activeBefore, "not slashed");
        assertEq(locked, 0, "bond released");
    }

    /// @notice A cheat proven without a transition (timeout, padding, initial state) slashes no
    ///         attester; a forged reveal is refused and changes nothing.
    function test_settleAttestation_noProvenTransition_released_forgedRevealRefused() public {
        (bytes32 jobId, address v, uint64[] memory t, bytes32[] memory b, bytes32[] memory a) =
            _cheatedAfterAttest(_noTransition);
        bytes32[] memory forged = new bytes32[](a.length);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_UnknownAttestation.selector, v));
        market.settleAttestation(jobId, v, t, b, forged);
        (uint256 activeBefore, uint256 lockedBefore,,) = reg.stakeOf(v);
        assertEq(lockedBefore, market.attesterBond(jobId), "still locked after the refused call");
        market.settleAttestation(jobId, v, t, b, a);
        (uint256 activeAfter, uint256 locked,,) = reg.stakeOf(v);
        assertEq(activeAfter, activeBefore, "not slashed");
        assertEq(locked, 0, "bond released");
    }

    function test_settleAttestation_finalizedJob_reverts_bondsAlreadyReleased() public {
        (bytes32 jobId,) = _committed();
        vm.roll(block.number + RDELAY + 1);
        address v = _seats(jobId)[0];
        _attest(jobId, v);
        vm.warp(block.timestamp + WINDOW + 1);
        market.finalize(jobId);
        assertEq(reg.freeStakeOf(v), 100e6, "bond released at finalize");
        (uint64[] memory t, bytes32[] memory b, bytes32[] memory a, bytes32[] memory p) =
            Attesting.sample(market, jobId, v);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_WrongStatus.selector, jobId, JobStatus.Finalized));
        market.settleAttestation(jobId, v, t, b, a);
    }

    // --------------------------------------------------------------------------------- finalize
    function test_finalize_paysSolverAndVerifiers() public {
        (bytes32 jobId, JobRequest memory r) = _committed();
        vm.roll(block.number + RDELAY + 1);
        address[] memory seats = _seats(jobId);
        _attest(jobId, seats[0]);
        _attest(jobId, seats[1]);
        vm.warp(block.timestamp + WINDOW + 1);
        market.finalize(jobId);
        uint256 each = (r.price * FEE_BPS / 10_000) / 2;
        assertEq(market.claimable(seats[0]), each, "first attester's fee");
        assertEq(market.claimable(seats[1]), each, "second attester's fee");
        assertEq(reg.freeStakeOf(seats[0]), 100e6, "bond released");
        assertEq(market.claimable(solver), r.price - 2 * each, "solver pay");
        assertEq(reg.freeStakeOf(solver), 1_000e6, "collateral unlocked");
        assertEq(market.jobOfModel(keccak256("model")), jobId, "model recorded");
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Finalized), "finalized");
    }

    function test_finalize_unattested_poolGoesBackToTheUser() public {
        (bytes32 jobId, JobRequest memory r) = _committed();
        uint256 userBefore = market.claimable(user);
        vm.warp(block.timestamp + WINDOW + 1);
        market.finalize(jobId);
        uint256 pool = r.price * FEE_BPS / 10_000;
        assertEq(market.claimable(solver), r.price - pool, "the solver never earns the verifier pool");
        assertEq(market.claimable(user), userBefore + pool, "the pool goes back to the user");
        assertEq(token.balanceOf(address(market)), r.price, "conserved");
    }

    function test_finalize_second_reverts() public {
        (bytes32 jobId,) = _committed();
        vm.warp(block.timestamp + WINDOW + 1);
        market.finalize(jobId);
        uint256 solverBefore = market.claimable(solver);
        uint256 balBefore = token.balanceOf(address(market));
        uint256 freeBefore = reg.freeStakeOf(solver);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_AlreadyFinalized.selector, jobId));
        market.finalize(jobId);
        assertEq(market.claimable(solver), solverBefore, "not paid twice");
        assertEq(token.balanceOf(address(market)), balBefore, "balance unchanged");
        assertEq(reg.freeStakeOf(solver), freeBefore, "stake unchanged");
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Finalized), "status unchanged");
    }

    function test_finalize_duringWindow_reverts() public {
        (bytes32 jobId,) = _committed();
        uint40 deadline = uint40(block.timestamp + WINDOW);
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_ChallengeWindowOpen.selector, deadline));
        market.finalize(jobId);
    }

    function test_finalize_notCommitted_reverts() public {
        (bytes32 jobId,) = _claimed();
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_WrongStatus.selector, jobId, JobStatus.Claimed));
        market.finalize(jobId);
    }

    function test_finalize_whileFrozen_reverts() public {
        (bytes32 jobId,) = _committed();
        vm.prank(game);
        market.freeze(jobId);
        vm.warp(block.timestamp + WINDOW + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_DisputesOpen.selector, uint256(1)));
        market.finalize(jobId);
        vm.prank(game);
        market.unfreeze(jobId, challenger, 0);
        market.finalize(jobId);
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Finalized), "finalized after unfreeze");
    }

    function testFuzz_finalize_conservesPrice(uint96 price, uint8 nAttest) public {
        price = uint96(bound(price, 1, 10_000e6));
        nAttest = uint8(bound(nAttest, 0, 3));
        JobRequest memory r = _request(user, 9);
        r.price = price;
        vm.prank(user);
        token.approve(address(market), price);
        bytes32 jobId = market.submitJob(r, _signRequest(userKey, r), _noPermit(), _hp(), _widths());
        vm.prank(solver);
        market.claim(jobId);
        vm.prank(solver);
        market.commit(jobId, keccak256("t"), r.steps, 1, keccak256("m"), Attesting.stepRoot(r.steps));
        vm.roll(block.number + RDELAY + 1);
        address[] memory seats = _seats(jobId);
        for (uint256 i; i < nAttest; ++i) {
            _attest(jobId, seats[i]);
        }
        vm.warp(block.timestamp + WINDOW + 1);
        market.finalize(jobId);
        uint256 paid = market.claimable(solver) + market.claimable(v1) + market.claimable(v2) + market.claimable(v3)
            + market.claimable(v4) + market.claimable(user);
        assertEq(paid, price, "price split exactly");
        if (nAttest == 0) assertEq(market.claimable(user), uint256(price) * FEE_BPS / 10_000, "pool back to the user");
        assertEq(token.balanceOf(address(market)), price, "balance == owed");
    }

    // ---------------------------------------------------------------------------------- refunds
    function test_refundUnclaimed_afterDeadline_creditsUser() public {
        (bytes32 jobId, JobRequest memory r) = _submit(0);
        vm.warp(r.claimDeadline + 1);
        market.refundUnclaimed(jobId);
        assertEq(market.claimable(user), r.price, "refund");
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Refunded), "refunded");
    }

    function test_refundUnclaimed_beforeDeadline_reverts() public {
        (bytes32 jobId, JobRequest memory r) = _submit(0);
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobMarket_DeadlineNotReached.selector, uint40(r.claimDeadline))
        );
        market.refundUnclaimed(jobId);
    }

    function test_refundUnclaimed_claimed_reverts() public {
        (bytes32 jobId, JobRequest memory r) = _claimed();
        vm.warp(r.claimDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_WrongStatus.selector, jobId, JobStatus.Claimed));
        market.refundUnclaimed(jobId);
    }

    function test_refundUncommitted_penalisesSolver() public {
        (bytes32 jobId, JobRequest memory r) = _claimed();
        vm.warp(r.commitDeadline + 1);
        market.refundUncommitted(jobId);
        uint256 penalty = r.collateral * market.NO_COMMIT_PENALTY_BPS() / 10_000;
        assertEq(market.claimable(user), r.price, "refund only: the user set the deadline");
        assertEq(market.claimable(treasury), penalty, "the penalty goes to the treasury");
        assertEq(reg.freeStakeOf(solver), 1_000e6 - penalty, "rest unlocked");
        assertEq(token.balanceOf(address(market)), r.price + penalty, "conserved");
    }

    function test_refundUncommitted_beforeDeadline_reverts() public {
        (bytes32 jobId, JobRequest memory r) = _claimed();
        vm.expectRevert(
            abi.encodeWithSelector(IJobMarket.JobMarket_DeadlineNotReached.selector, uint40(r.commitDeadline))
        );
        market.refundUncommitted(jobId);
    }

    function test_refundUncommitted_committed_reverts() public {
        (bytes32 jobId, JobRequest memory r) = _committed();
        vm.warp(r.commitDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_WrongStatus.selector, jobId, JobStatus.Committed));
        market.refundUncommitted(jobId);
    }

    // ----------------------------------------------------------------------------- dispute hook
    function test_freeze_byStranger_reverts() public {
        (bytes32 jobId,) = _committed();
        bytes32 role = market.DISPUTE_GAME_ROLE();
        vm.prank(challenger);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, challenger, role)
        );
        market.freeze(jobId);
    }

    /// @notice Revoking a game's role stops new games only: a game that opened disputes before
    ///         the revocation still closes them (unfreeze) or settles the cheat, so no bond, price or
    ///         collateral is stranded; an address holding no dispute on the job can do neither.
    function test_revokedGame_stillFinishesItsOpenGames() public {
        (bytes32 a,) = _committed();
        (bytes32 b,) = _committedJob(1);
        vm.startPrank(game);
        market.freeze(a);
        market.freeze(b);
        vm.stopPrank();
        bytes32 role = market.DISPUTE_GAME_ROLE();
        vm.prank(admin);
        market.revokeRole(role, game);
        vm.prank(game);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, game, role));
        market.freeze(a);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_NoDisputeByCaller.selector, a, challenger));
        market.unfreeze(a, challenger, 1);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_NoDisputeByCaller.selector, b, challenger));
        market.settleCheated(b, challenger, 1, 1, 0, bytes32(0));
        vm.prank(game);
        market.unfreeze(a, challenger, 1);
        assertEq(market.getJob(a).openDisputes, 0, "closed after the revocation");
        vm.prank(game);
        market.settleCheated(b, challenger, 1, 1, 0, bytes32(0));
        assertEq(uint256(market.jobStatus(b)), uint256(JobStatus.Cheated), "settled after the revocation");
    }

    function test_freeze_afterWindow_reverts() public {
        (bytes32 jobId,) = _committed();
        uint40 deadline = uint40(block.timestamp + WINDOW);
        vm.warp(deadline + 1);
        vm.prank(game);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_ChallengeWindowClosed.selector, deadline));
        market.freeze(jobId);
    }

    function test_freeze_countsDisputes() public {
        (bytes32 jobId,) = _committed();
        vm.startPrank(game);
        market.freeze(jobId);
        market.freeze(jobId);
        vm.stopPrank();
        assertEq(uint256(market.getJob(jobId).openDisputes), 2, "two open");
        assertEq(market.disputesOpenedBy(jobId, game), 2, "by game");
    }

    function test_unfreeze_withoutDispute_reverts() public {
        (bytes32 jobId,) = _committed();
        vm.prank(game);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_NoDisputeByCaller.selector, jobId, game));
        market.unfreeze(jobId, challenger, 0);
    }

    function test_unfreeze_otherGamesDispute_reverts() public {
        (bytes32 jobId,) = _committed();
        address game2 = address(0x6B);
        bytes32 role = market.DISPUTE_GAME_ROLE();
        vm.prank(admin);
        market.grantRole(role, game2);
        vm.prank(game);
        market.freeze(jobId);
        vm.prank(game2);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_NoDisputeByCaller.selector, jobId, game2));
        market.unfreeze(jobId, challenger, 0);
    }

    function test_settleCheated_splitsCollateral() public {
        (bytes32 jobId, JobRequest memory r) = _committed();
        vm.prank(game);
        market.freeze(jobId);
        vm.prank(game);
        market.settleCheated(jobId, challenger, 3, 3, 1e6, bytes32(0));
        uint256 c = r.collateral;
        uint256 reward = c * market.SLASH_REWARD_BPS() / 10_000;
        uint256 userShare = c * market.SLASH_USER_BPS() / 10_000;
        assertEq(market.claimable(challenger), reward + 3e6, "reward + 3 moves refunded");
        assertEq(market.claimable(user), r.price + userShare, "user");
        assertEq(market.claimable(treasury), c - reward - 3e6 - userShare, "treasury");
        (uint256 active, uint256 locked,,) = reg.stakeOf(solver);
        assertEq(active, 1_000e6 - c, "slashed");
        assertEq(locked, 0, "lock gone");
        assertEq(token.balanceOf(address(market)), r.price + c, "conserved");
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Cheated), "cheated");
    }

    /// @notice Three games open at the proof: the reward is shared equally whichever game proves
    ///         the cheat, each game is refunded its own moves, the refunds are scaled down when
    ///         they would exceed SLASH_REFUND_BPS, and the market owes exactly what it holds.
    function test_settleCheated_sharesTheRewardAmongOpenGames() public {
        (bytes32 jobId, JobRequest memory r) = _committed();
        address c2 = address(0xC2);
        address c3 = address(0xC3);
        vm.startPrank(game);
        market.freeze(jobId);
        market.freeze(jobId);
        market.freeze(jobId);
        uint256 c = r.collateral;
        uint256 budget = c * market.SLASH_REFUND_BPS() / 10_000;
        // 10 + 20 + 30 moves at a refund so high that the budget binds: per move = budget / 60
        market.settleCheated(jobId, challenger, 10, 60, type(uint96).max, bytes32(0));
        (uint256 share, uint256 perMove) = market.cheatPayout(jobId);
        assertEq(share, c * market.SLASH_REWARD_BPS() / 10_000 / 3, "equal thirds");
        assertEq(perMove, budget / 60, "pro rata");
        assertEq(market.claimable(challenger), share + 10 * perMove, "prover");
        assertEq(market.claimable(c2), 0, "not yet");
        market.unfreeze(jobId, c2, 20);
        market.unfreeze(jobId, c3, 30);
        vm.stopPrank();
        assertEq(market.claimable(c2), share + 20 * perMove, "second game");
        assertEq(market.claimable(c3), share + 30 * perMove, "third game");
        uint256 owed = market.claimable(challenger) + market.claimable(c2) + market.claimable(c3)
            + market.claimable(user) + market.claimable(treasury);
        assertEq(owed, r.price + c, "split is exact");
        assertEq(token.balanceOf(address(market)), owed, "balance == owed");
        assertEq(uint256(market.getJob(jobId).openDisputes), 0, "all closed");
    }

    function test_settleCheated_twice_reverts_thenUnfreezeCleansUp() public {
        (bytes32 jobId,) = _committed();
        vm.startPrank(game);
        market.freeze(jobId);
        market.freeze(jobId);
        market.settleCheated(jobId, challenger, 1, 1, 0, bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_WrongStatus.selector, jobId, JobStatus.Cheated));
        market.settleCheated(jobId, challenger, 1, 1, 0, bytes32(0));
        market.unfreeze(jobId, challenger, 0);
        vm.stopPrank();
        assertEq(uint256(market.getJob(jobId).openDisputes), 0, "all closed");
    }

    function test_settleCheated_withoutFreeze_reverts() public {
        (bytes32 jobId,) = _committed();
        vm.prank(game);
        vm.expectRevert(abi.encodeWithSelector(IJobMarket.JobMarket_NoDisputeByCaller.selector, jobId, game));
        market.settleCheated(jobId, challenger, 1, 1, 0, bytes32(0));
    }

    function testFuzz_settleCheated_conserves(uint96 collateral) public {
        collateral = uint96(bound(collateral, 1, 1_000e6));
        JobRequest memory r = _request(user, 77);
        r.collateral = collateral;
        vm.prank(user);
        token.approve(address(market), r.price);
        bytes32 jobId = market.submitJob(r, _signRequest(userKey, r), _noPermit(), _hp(), _widths());
        vm.prank(solver);
        market.claim(jobId);
        vm.prank(solver);
        market.commit(jobId, keccak256("t"), r.steps, 1, keccak256("m"), Attesting.stepRoot(r.steps));
        vm.startPrank(game);
        market.freeze(jobId);
        market.settleCheated(jobId, challenger, 1, 1, 0, bytes32(0));
        vm.stopPrank();
        uint256 owed = market.claimable(challenger) + market.claimable(user) + market.claimable(treasury);
        assertEq(owed, r.price + collateral, "split is exact");
        assertEq(token.balanceOf(address(market)), owed, "balance == owed");
    }

    // --------------------------------------------------------------------------------- withdraw
    function test_withdraw_paysClaimable() public {
        (bytes32 jobId, JobRequest memory r) = _submit(0);
        vm.warp(r.claimDeadline + 1);
        market.refundUnclaimed(jobId);
        vm.prank(user);
        market.withdraw(user);
        assertEq(token.balanceOf(user), 10_000e6, "refunded");
        assertEq(market.claimable(user), 0, "cleared");
        assertEq(token.balanceOf(address(market)), 0, "empty");
    }

    function test_withdraw_nothing_reverts() public {
        vm.prank(user);
        vm.expectRevert(IJobMarket.JobMarket_NothingToWithdraw.selector);
        market.withdraw(user);
    }

    function test_withdraw_toZero_reverts() public {
        vm.prank(user);
        vm.expectRevert(IJobMarket.JobMarket_ZeroAddress.selector);
        market.withdraw(address(0));
    }

    // -------------------------------------------------------------------------------------- gas
    /// @dev Gas of exactly one `submitJob` with a permit: a user's first permit and first nonce
    ///      word, the market already escrowing other jobs (the usual case). Arguments are built
    ///      with metering paused.
    function test_gas_submitJobWithPermit() public {
        vm.pauseGasMetering();
        _submit(0); // another user's job keeps the market's balance non-zero
        uint256 key = 0xCAFE;
        token.mint(vm.addr(key), 1_000e6);
        gasReq = _request(vm.addr(key), 0);
        gasSig = _signRequest(key, gasReq);
        gasPermit = _permit(key, address(market), gasReq.price, block.timestamp + 1 hours);
        JobRequest memory r = gasReq;
        bytes memory sig = gasSig;
        PermitData memory p = gasPermit;
        vm.resumeGasMetering();
        market.submitJob(r, sig, p, _hp(), _widths());
    }

    /// @dev Worst case: the market's very first job (its token balance slot goes 0 -> x).
    function test_gas_submitJobWithPermit_firstJob() public {
        vm.pauseGasMetering();
        gasReq = _request(user, 0);
        gasSig = _signRequest(userKey, gasReq);
        gasPermit = _permit(userKey, address(market), gasReq.price, block.timestamp + 1 hours);
        JobRequest memory r = gasReq;
        bytes memory sig = gasSig;
        PermitData memory p = gasPermit;
        vm.resumeGasMetering();
        market.submitJob(r, sig, p, _hp(), _widths());
    }

    /// @dev Gas of exactly one `commit` by the claiming solver.
    function test_gas_commit() public {
        vm.pauseGasMetering();
        (gasJob,) = _claimed();
        bytes32 jobId = gasJob;
        bytes32 steps = Attesting.stepRoot(1024);
        vm.prank(solver);
        vm.resumeGasMetering();
        market.commit(jobId, keccak256("trace"), 1024, 64, keccak256("model"), steps);
    }
}
