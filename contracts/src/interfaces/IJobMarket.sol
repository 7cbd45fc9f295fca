// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {JobRequest, JobStatus} from "../types/JobTypes.sol";

/// @title IJobMarket
/// @notice Events and custom errors of {JobMarket}: escrowed training jobs, claimed and committed
///         by staked solvers, attested by drawn verifiers, settled after a challenge window.
interface IJobMarket {
    /// @notice Emitted when a signed job request is accepted and its price escrowed.
    /// @param jobId The job's id (the request's EIP-712 digest).
    /// @param user The account that signed the request and paid the price.
    /// @param relayer The account that submitted it (the caller).
    /// @param request The request.
    event JobSubmitted(bytes32 indexed jobId, address indexed user, address indexed relayer, JobRequest request);

    /// @notice Emitted when a staked solver claims an open job and its collateral is locked.
    /// @param jobId The job.
    /// @param solver The claiming solver.
    /// @param collateral The solver stake locked for the job.
    event JobClaimed(bytes32 indexed jobId, address indexed solver, uint256 collateral);

    /// @notice Emitted when the solver commits its training trace; the challenge window opens.
    /// @param jobId The job.
    /// @param solver The solver.
    /// @param traceRoot The committed trace root.
    /// @param nSteps The number of training steps.
    /// @param checkpointInterval The number of steps between trace leaves.
    /// @param finalModelHash The hash of the trained model.
    /// @param challengeDeadline The end of the challenge window.
    event JobCommitted(
        bytes32 indexed jobId,
        address indexed solver,
        bytes32 traceRoot,
        uint64 nSteps,
        uint16 checkpointInterval,
        bytes32 finalModelHash,
        uint40 challengeDeadline
    );

    /// @notice Emitted when the randomness that draws the job's verifiers and samples is recorded.
    /// @param jobId The job.
    /// @param anchorBlock The block whose hash seeds the randomness.
    /// @param randomness The recorded randomness.
    event RandomnessRecorded(bytes32 indexed jobId, uint256 anchorBlock, bytes32 randomness);

    /// @notice Emitted when nobody recorded the randomness while the anchor's hash was available: it
    ///         now comes from block `newAnchor`, not mined when this was emitted.
    /// @param jobId The job.
    /// @param oldAnchor The anchor block whose hash is gone.
    /// @param newAnchor The new anchor block.
    event RandomnessReanchored(bytes32 indexed jobId, uint256 oldAnchor, uint256 newAnchor);

    /// @notice Emitted when a drawn verifier replayed `transitions` (its sample) and found each one go
    ///         from state hash `before[j]` to `after_[j]`; it locked `bond` on it.
    /// @param jobId The job.
    /// @param verifier The attesting verifier.
    /// @param transitions The sampled transitions (steps).
    /// @param before The state hash before each transition.
    /// @param after_ The state hash after each transition.
    /// @param bond The verifier stake locked on the attestation.
    event JobAttested(
        bytes32 indexed jobId,
        address indexed verifier,
        uint64[] transitions,
        bytes32[] before,
        bytes32[] after_,
        uint256 bond
    );

    /// @notice Emitted when the bond of `verifier`'s attestation of a cheated job is settled.
    /// @param jobId The cheated job.
    /// @param verifier The verifier.
    /// @param slashed True when its attestation confirmed the transition the game proved wrong.
    /// @param bond The attestation's bond (slashed or released).
    event AttestationSettled(bytes32 indexed jobId, address indexed verifier, bool slashed, uint256 bond);

    /// @notice Emitted when a job is finalized after its challenge window: the solver and verifiers are
    ///         credited, the collateral released.
    /// @param jobId The job.
    /// @param solver The solver.
    /// @param finalModelHash The hash of the accepted model.
    /// @param solverPay The solver's share of the price.
    event JobFinalized(
        bytes32 indexed jobId, address indexed solver, bytes32 indexed finalModelHash, uint256 solverPay
    );

    /// @notice Emitted when a job is refunded (unclaimed by its claim deadline, or uncommitted by its
    ///         commit deadline).
    /// @param jobId The job.
    /// @param user The refunded user.
    /// @param amount The refunded price.
    /// @param penalty The solver collateral slashed to the treasury (0 for an unclaimed job).
    event JobRefunded(bytes32 indexed jobId, address indexed user, uint256 amount, uint256 penalty);

    /// @notice Emitted when a dispute game (or data demand) freezes a job.
    /// @param jobId The job.
    /// @param game The freezing contract.
    /// @param openDisputes The job's open disputes afterwards.
    event JobFrozen(bytes32 indexed jobId, address indexed game, uint256 openDisputes);

    /// @notice Emitted when a dispute on a job ends without proving a cheat.
    /// @param jobId The job.
    /// @param game The contract that held the dispute.
    /// @param openDisputes The job's open disputes afterwards.
    event JobUnfrozen(bytes32 indexed jobId, address indexed game, uint256 openDisputes);

    /// @notice Emitted when a dispute proves the job's commitment wrong: the solver is slashed.
    /// @param jobId The job.
    /// @param challenger The challenger that proved it.
    /// @param bounty The challenger's share of the slashed collateral.
    /// @param userRefund What the user gets back (its price plus its share).
    /// @param treasuryShare The treasury's share.
    event JobCheated(
        bytes32 indexed jobId, address indexed challenger, uint256 bounty, uint256 userRefund, uint256 treasuryShare
    );

    /// @notice Emitted when an account is credited an amount it can withdraw.
    /// @param account The credited account.
    /// @param jobId The job the credit comes from.
    /// @param amount The credited amount.
    event Credited(address indexed account, bytes32 indexed jobId, uint256 amount);

    /// @notice Emitted when an account withdraws its credit.
    /// @param account The account (the caller).
    /// @param to The recipient of the tokens.
    /// @param amount The amount paid.
    event Withdrawn(address indexed account, address indexed to, uint256 amount);

    /// @notice Emitted when a user invalidates one of its request nonces.
    /// @param user The user (the caller).
    /// @param nonce The invalidated nonce.
    event NonceInvalidated(address indexed user, uint256 nonce);

    /// @notice Emitted when the guardian pauses settlements (finalize and withdraw).
    /// @param until The time the pause ends by itself.
    event SettlementsPaused(uint256 until);

    /// @notice Emitted when the guardian or the admin ends a settlement pause early.
    event SettlementsUnpaused();

    /// @notice Reverted when a request is submitted after its claim deadline.
    /// @param claimDeadline The request's claim deadline.
    error JobMarket_RequestExpired(uint64 claimDeadline);

    /// @notice Reverted when a request is malformed (zero user, price or collateral, an amount over
    ///         uint96, zero steps, deadlines out of order or out of range).
    error JobMarket_InvalidRequest();

    /// @notice Reverted when the commit window is shorter than the job's size needs
    ///         (MIN_COMMIT_WINDOW plus its steps at COMMIT_THROUGHPUT_FLOOR).
    /// @param window The request's commit window.
    /// @param required The minimum window for the job.
    error JobMarket_CommitWindowTooShort(uint256 window, uint256 required);

    /// @notice Reverted when the request's nonce was used or invalidated.
    /// @param user The request's user.
    /// @param nonce The nonce.
    error JobMarket_NonceUsed(address user, uint256 nonce);

    /// @notice Reverted when the request's signature is not the user's (EOA or ERC-1271 wallet).
    error JobMarket_InvalidSignature();

    /// @notice Reverted when the request's signature has a high-S value (malleable form).
    error JobMarket_SignatureHighS();

    /// @notice Reverted when no job has this id.
    /// @param jobId The id.
    error JobMarket_UnknownJob(bytes32 jobId);

    /// @notice Reverted when the job is not in the status the call needs.
    /// @param jobId The job.
    /// @param status The job's current status.
    error JobMarket_WrongStatus(bytes32 jobId, JobStatus status);

    /// @notice Reverted when a finalized job is finalized again.
    /// @param jobId The job.
    error JobMarket_AlreadyFinalized(bytes32 jobId);

    /// @notice Reverted when a job is claimed after its claim deadline.
    /// @param claimDeadline The job's claim deadline.
    error JobMarket_ClaimDeadlinePassed(uint40 claimDeadline);

    /// @notice Reverted when a job is committed after its commit deadline.
    /// @param commitDeadline The job's commit deadline.
    error JobMarket_CommitDeadlinePassed(uint40 commitDeadline);

    /// @notice Reverted when the claimer is not a staked solver.
    /// @param account The caller.
    error JobMarket_NotStakedSolver(address account);

    /// @notice Reverted when the attester is not a staked verifier.
    /// @param account The caller.
    error JobMarket_NotStakedVerifier(address account);

    /// @notice Reverted when someone other than the job's solver commits it.
    /// @param account The caller.
    error JobMarket_NotSolver(address account);

    /// @notice Reverted when a commitment is malformed: a zero root or hash, a step count other than
    ///         the job's, or a checkpoint interval of 0 or above the step count.
    error JobMarket_InvalidCommitment();

    /// @notice Reverted when the job's randomness cannot be read yet (its anchor block is not mined,
    ///         or its hash is gone and the anchor moved).
    /// @param anchorBlock The anchor block.
    error JobMarket_RandomnessNotReady(uint256 anchorBlock);

    /// @notice Reverted when an attestation or a dispute comes after the job's challenge window.
    /// @param challengeDeadline The end of the challenge window.
    error JobMarket_ChallengeWindowClosed(uint40 challengeDeadline);

    /// @notice Reverted when a job is finalized before its challenge window ends.
    /// @param challengeDeadline The end of the challenge window.
    error JobMarket_ChallengeWindowOpen(uint40 challengeDeadline);

    /// @notice Reverted when a job is finalized while disputes on it are open.
    /// @param openDisputes The job's open disputes.
    error JobMarket_DisputesOpen(uint256 openDisputes);

    /// @notice Reverted when a dispute hook call comes from a contract holding no open dispute on the job.
    /// @param jobId The job.
    /// @param game The caller.
    error JobMarket_NoDisputeByCaller(bytes32 jobId, address game);

    /// @notice Reverted when a verifier attests a job twice.
    /// @param verifier The verifier.
    error JobMarket_AlreadyAttested(address verifier);

    /// @notice Reverted when the job already has MAX_ATTESTERS attestations.
    error JobMarket_TooManyAttesters();

    /// @notice Reverted when the caller holds none of the job's verifier seats (see {drawnVerifiers}),
    ///         or is the job's solver.
    /// @param account The caller.
    error JobMarket_NotDrawn(address account);

    /// @notice Reverted when the attested transitions are not the caller's sample, or the arrays disagree.
    error JobMarket_BadAttestation();

    /// @notice Reverted when the revealed attestation is not the one `verifier` made on the job (or none).
    /// @param verifier The verifier.
    error JobMarket_UnknownAttestation(address verifier);

    /// @notice Reverted when a refund comes before the deadline it depends on.
    /// @param deadline The claim or commit deadline.
    error JobMarket_DeadlineNotReached(uint40 deadline);

    /// @notice Reverted when an account withdraws with nothing credited.
    error JobMarket_NothingToWithdraw();

    /// @notice Reverted when a required address (a constructor argument, a recipient) is zero.
    error JobMarket_ZeroAddress();

    /// @notice Reverted when a deployment or settlement parameter is out of range.
    error JobMarket_InvalidConfig();

    /// @notice Reverted when finalize or withdraw is called during a settlement pause.
    /// @param until The time the pause ends.
    error JobMarket_SettlementsPaused(uint256 until);

    /// @notice Reverted when the guardian asks for a pause longer than MAX_PAUSE.
    /// @param duration The requested duration.
    /// @param maxPause MAX_PAUSE.
    error JobMarket_PauseTooLong(uint256 duration, uint256 maxPause);

    /// @notice Reverted when the guardian asks for a pause of zero seconds.
    error JobMarket_ZeroPause();

    /// @notice Reverted when the guardian pauses during a pause or within PAUSE_COOLDOWN of the last one's end.
    /// @param nextPauseAt The earliest time the next pause is allowed.
    error JobMarket_PauseCooldown(uint256 nextPauseAt);

    /// @notice Reverted when settlements are unpaused while not paused.
    error JobMarket_NotPaused();
}
