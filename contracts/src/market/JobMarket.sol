// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IStakeRegistry} from "../interfaces/IStakeRegistry.sol";
import {IJobMarketDisputeHook} from "../interfaces/IJobMarketDisputeHook.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {JobRequest, JobStatus, HyperParams} from "../types/JobTypes.sol";
import {IJobValidator} from "../interfaces/IJobValidator.sol";
import {PermitData} from "../types/PermitData.sol";
import {IAttestationRules} from "../interfaces/IAttestationRules.sol";

/// @title JobMarket
/// @notice Escrow and lifecycle of ML training jobs: a user signs an EIP-712 JobRequest (plus an
///         EIP-2612 permit for the price), anyone relays it, a staked solver claims it with its
///         collateral locked in the StakeRegistry, commits its trace root, verifiers attest, and
///         after the challenge window the job finalizes. Dispute games freeze jobs and settle
///         cheats through {IJobMarketDisputeHook}.
/// @dev Money never leaves by push: every payout is credited to `claimable` and pulled with
///      {withdraw}, so no recipient can block a settlement. Token balance of this contract ==
///      sum of prices of live jobs (Open, Claimed, Committed) + sum of claimable credits.
///      The job id is the EIP-712 digest of the request under this market's domain.
///      Emergency brake: a GUARDIAN_ROLE holder may pause {finalize} and {withdraw} (credits are
///      held, never moved) for at most MAX_PAUSE, with PAUSE_COOLDOWN between pauses; the dispute
///      hook is never paused, so dispute games on their clocks always settle.
contract JobMarket is IJobMarket, IJobMarketDisputeHook, AccessControl, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice May freeze, unfreeze and settle jobs as cheated (the dispute game contracts).
    bytes32 public constant DISPUTE_GAME_ROLE = keccak256("tribunal.market.DISPUTE_GAME_ROLE");
    /// @notice May pause settlements ({finalize} and {withdraw}) for at most MAX_PAUSE, once per
    ///         PAUSE_COOLDOWN after the previous pause ended, and end its pause early. Nothing else:
    ///         it cannot move, redirect or burn funds nor change any job's outcome.
    bytes32 public constant GUARDIAN_ROLE = keccak256("tribunal.market.GUARDIAN_ROLE");
    /// @notice Longest single settlement pause.
    uint256 public constant MAX_PAUSE = 7 days;
    /// @notice Time after a pause ended (at its end or when ended early) before the next may start,
    ///         so settlements are paused at most MAX_PAUSE out of every MAX_PAUSE + PAUSE_COOLDOWN.
    uint256 public constant PAUSE_COOLDOWN = 14 days;

    /// @notice EIP-712 domain name.
    string public constant EIP712_NAME = "Tribunal JobMarket";
    /// @notice EIP-712 domain version.
    string public constant EIP712_VERSION = "1";
    /// @notice EIP-712 type hash of {JobRequest}.
    bytes32 public constant JOB_REQUEST_TYPEHASH = keccak256(
        "JobRequest(address user,bytes32 modelSpecHash,bytes32 datasetRoot,string datasetURI,bytes32 hyperParamsHash,uint64 steps,uint64 seed,uint256 price,uint256 collateral,uint64 claimDeadline,uint64 commitDeadline,uint256 nonce)"
    );

    uint256 private constant BPS = 10_000;
    /// @notice Share of slashed collateral refunded to the user (on top of the full price).
    uint256 public constant SLASH_USER_BPS = 3_000;
    /// @notice Share of slashed collateral shared equally by every game open on the job when the
    ///         cheat is proven (the challengers' reward). Small on purpose: it bounds what a cheating
    ///         solver recovers through any number of its own challengers.
    uint256 public constant SLASH_REWARD_BPS = 1_000;
    /// @notice At most this share of slashed collateral refunds the open games' challenger moves
    ///         (at the game's reference rate per move, pro rata beyond it). With the reward it caps
    ///         what sybil challengers can recover, whatever gas really cost them: 30% of C.
    uint256 public constant SLASH_REFUND_BPS = 2_000;
    // The treasury gets the rest (at least 4_000 bps: unspent refunds and rounding dust too).
    /// @notice Share of collateral a claimed solver that never commits forfeits, to the treasury
    ///         (not to the user, who set the deadline and must not profit from it being missed).
    uint256 public constant NO_COMMIT_PENALTY_BPS = 2_000;
    /// @notice Shortest commit window (commitDeadline − claimDeadline) of any job: claiming,
    ///         fetching the dataset, checkpoint upload and the commit transaction.
    uint256 public constant MIN_COMMIT_WINDOW = 10 minutes;
    /// @notice The training throughput floor a commit window is sized at, in multiply-accumulates
    ///         per second: 2·10^8, about 1/30 of what core measured single-threaded on the
    ///         smallest MNIST MLP (docs/contracts.md "Deadlines"). A job's window must be at least
    ///         MIN_COMMIT_WINDOW + steps · macsPerStep / COMMIT_THROUGHPUT_FLOOR.
    uint256 public constant COMMIT_THROUGHPUT_FLOOR = 2e8;
    /// @notice Verifier seats of one job: drawn from the verifier set by the job's randomness;
    ///         only the verifiers drawn may attest, and they share the verifier fee.
    uint256 public constant MAX_ATTESTERS = 3;
    /// @notice Fewest transitions one attestation must cover (the verifier's sample size k).
    uint256 public constant MIN_ATTEST_SAMPLES = 4;
    /// @notice Most transitions one attestation may cover.
    uint256 public constant MAX_ATTEST_SAMPLES = 64;
    /// @notice Share of the job's collateral an attesting verifier locks as its bond until the job
    ///         settles: lost to the treasury if a game proves wrong a transition it attested.
    uint256 public constant ATTESTER_BOND_BPS = 1_000;
    /// @notice Most disputes open at once on one job.
    /// @notice Age in blocks beyond which blockhash is unavailable (EVM rule).
    uint256 private constant BLOCKHASH_WINDOW = 256;

    /// @dev Six slots; submit writes slots 0-1, claim 0 and 2, commit 0, 2, 3, 4, 5.
    struct Job {
        address user;
        uint40 claimDeadline;
        uint40 commitDeadline;
        JobStatus status;
        // slot 1
        uint96 price;
        uint96 collateral;
        uint64 steps;
        // slot 2
        address solver;
        uint40 commitBlock;
        uint40 challengeDeadline;
        uint16 checkpointInterval;
        // slot 3, 4, 5
        bytes32 traceRoot;
        bytes32 finalModelHash;
        bytes32 stepRoot;
    }

    /// @notice Everything the market stores about a job, plus its randomness and attesters.
    struct JobView {
        address user;
        JobStatus status;
        uint40 claimDeadline;
        uint40 commitDeadline;
        uint96 price;
        uint96 collateral;
        uint64 steps;
        address solver;
        uint40 commitBlock;
        uint40 challengeDeadline;
        uint16 checkpointInterval;
        uint256 openDisputes;
        bytes32 traceRoot;
        bytes32 finalModelHash;
        bytes32 stepRoot;
        bytes32 randomness;
        address[] attesters;
    }

    IERC20 private immutable _token;
    IStakeRegistry private immutable _registry;
    address private immutable _treasury;
    uint40 private immutable _challengeWindow;
    uint40 private immutable _randomnessDelay;
    uint16 private immutable _verifierFeeBps;
    IJobValidator private immutable _validator;

    mapping(bytes32 jobId => Job) private _jobs;
    mapping(address user => mapping(uint256 word => uint256 bits)) private _nonceBitmap;
    mapping(bytes32 jobId => bytes32) private _randomness;
    /// @dev The anchor a late `recordRandomness` moved the job's randomness to (0: not moved).
    mapping(bytes32 jobId => uint256) private _reanchor;
    mapping(bytes32 jobId => address[]) private _attesters;
    /// @dev Hash of what each attester attested: keccak256 of its transition hashes, packed.
    mapping(bytes32 jobId => mapping(address verifier => bytes32)) private _attestations;
    /// @dev The transition a game proved wrong when it settled the job as cheated:
    ///      keccak256(abi.encode(uint64 step, bytes32 L_step, bytes32 claimed L_step+1)), L_s the
    ///      per-step trace leaf keccak(0x04 ‖ s ‖ h_s); zero when the cheat was not proven at a
    ///      transition (timeout, padding, initial state).
    mapping(bytes32 jobId => bytes32) private _provenTransition;
    mapping(bytes32 jobId => mapping(address game => uint256)) private _gameDisputes;
    /// @dev Open disputes per job, uncapped: participation in disputes cannot be exhausted by
    ///      anyone holding many games (the delay they cause is bounded by the game's clocks).
    mapping(bytes32 jobId => uint256) private _openDisputes;
    /// @dev What each game open when the cheat was proven is owed when it closes.
    mapping(bytes32 jobId => CheatPayout) private _cheatPayouts;

    /// @notice Per game open at the proof: the equal reward share and the refund per challenger
    ///         move; and the refundable moves the games still open hold (never paid beyond).
    struct CheatPayout {
        uint96 share;
        uint96 refundPerMove;
        uint64 movesLeft;
    }
    mapping(bytes32 modelHash => bytes32 jobId) private _modelJob;
    mapping(address account => uint256) private _claimable;
    /// @dev End of the current or last settlement pause (0: never paused). Paused while now < it.
    uint40 private _pausedUntil;

    /// @param token_ the payment token (must implement EIP-2612 for permit submissions)
    /// @param registry_ the StakeRegistry; this market needs its MARKET_ROLE
    /// @param admin receives DEFAULT_ADMIN_ROLE (manages DISPUTE_GAME_ROLE)
    /// @param treasury_ receives the treasury share of slashes
    /// @param challengeWindow_ seconds after commit during which disputes may open
    /// @param randomnessDelay_ blocks between the commit block and the randomness anchor block (>= 1)
    /// @param verifierFeeBps_ share of the price split between attesting verifiers
    constructor(
        IERC20 token_,
        IStakeRegistry registry_,
        address admin,
        address treasury_,
        uint40 challengeWindow_,
        uint40 randomnessDelay_,
        uint16 verifierFeeBps_,
        IJobValidator validator_
    ) EIP712(EIP712_NAME, EIP712_VERSION) {
        if (address(token_) == address(0) || address(registry_) == address(0)) {
            revert JobMarket_ZeroAddress();
        }
        if (address(validator_) == address(0)) revert JobMarket_ZeroAddress();
        _validator = validator_;
        if (admin == address(0) || treasury_ == address(0)) revert JobMarket_ZeroAddress();
        if (randomnessDelay_ == 0 || verifierFeeBps_ > BPS || challengeWindow_ == 0) revert JobMarket_InvalidConfig();
        _token = token_;
        _registry = registry_;
        _treasury = treasury_;
        _challengeWindow = challengeWindow_;
        _randomnessDelay = randomnessDelay_;
        _verifierFeeBps = verifierFeeBps_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------------------- submission

    /// @notice Escrows the price of a user-signed job request. Anyone may relay. `hp` and `widths`
    ///         are the preimages of the request's hyperParamsHash and modelSpecHash: the job must be
    ///         one the dispute game can settle (the validator's limits) and its commit window long
    ///         enough for its size. If `permit.deadline` is non-zero the permit is tried first; a
    ///         failing permit (e.g. front-run) is ignored and the existing allowance is used.
    ///         Returns the job id (the request's EIP-712 digest).
    function submitJob(
        JobRequest calldata request,
        bytes calldata signature,
        PermitData calldata permit,
        HyperParams calldata hp,
        uint32[] calldata widths
    ) external nonReentrant returns (bytes32 jobId) {
        if (block.timestamp > request.claimDeadline) {
            revert JobMarket_RequestExpired(request.claimDeadline);
        }
        _checkRequestFields(request);
        _checkSettleable(request, hp, widths);
        address user = request.user;
        _useNonce(user, request.nonce);
        jobId = _hashTypedDataV4(_hashRequest(request));
        _checkSignature(user, jobId, signature);
        _record(jobId, request);

        if (permit.deadline != 0) {
            try IERC20Permit(address(_token))
                .permit(user, address(this), permit.value, permit.deadline, permit.v, permit.r, permit.s) {}
                catch {}
        }
        _token.safeTransferFrom(user, address(this), request.price);
    }

    /// @dev Marks `nonce` of `user` used; reverts if it already was.
    function _useNonce(address user, uint256 nonce) private {
        uint256 word = nonce >> 8;
        uint256 bit = 1 << (nonce & 0xff);
        uint256 bits = _nonceBitmap[user][word];
        // INVARIANT: a signed request is executed at most once.
        if (bits & bit != 0) revert JobMarket_NonceUsed(user, nonce);
        _nonceBitmap[user][word] = bits | bit;
    }

    /// @dev Stores a newly submitted job as Open.
    function _record(bytes32 jobId, JobRequest calldata request) private {
        Job storage job = _jobs[jobId];
        job.user = request.user;
        job.claimDeadline = uint40(request.claimDeadline);
        job.commitDeadline = uint40(request.commitDeadline);
        job.status = JobStatus.Open;
        job.price = uint96(request.price);
        job.collateral = uint96(request.collateral);
        job.steps = request.steps;
        emit JobSubmitted(jobId, request.user, msg.sender, request);
    }

    /// @notice Marks the caller's unordered nonce `nonce` used, cancelling any request signed with it.
    function invalidateNonce(uint256 nonce) external {
        _nonceBitmap[msg.sender][nonce >> 8] |= 1 << (nonce & 0xff);
        emit NonceInvalidated(msg.sender, nonce);
    }

    // -------------------------------------------------------------------------- solver lifecycle

    /// @notice Claims an open job for the caller, a staked solver, locking the job's collateral
    ///         from the caller's free stake in the StakeRegistry.
    function claim(bytes32 jobId) external nonReentrant {
        Job storage job = _existing(jobId);
        if (job.status != JobStatus.Open) revert JobMarket_WrongStatus(jobId, job.status);
        if (block.timestamp > job.claimDeadline) revert JobMarket_ClaimDeadlinePassed(job.claimDeadline);
        if (!_registry.isStaked(msg.sender, _registry.ROLE_SOLVER())) revert JobMarket_NotStakedSolver(msg.sender);
        job.status = JobStatus.Claimed;
        job.solver = msg.sender;
        emit JobClaimed(jobId, msg.sender, job.collateral);
        _registry.lock(msg.sender, jobId, job.collateral);
    }

    /// @notice The claiming solver commits the Merkle root of its state-hash trace, the step count
    ///         (must equal the request's steps), the checkpoint interval K, the final model hash and
    ///         the step root: the positional tree over every per-step trace leaf
    ///         keccak(0x04 ‖ s ‖ h_s), s = 0..n, against which attestations are checked (the solver
    ///         publishes the leaves, never the state hashes inside an interval, so only a replay
    ///         can produce an attestation). Starts the challenge window; the sampling randomness is
    ///         anchored `randomnessDelay` blocks after this block.
    function commit(
        bytes32 jobId,
        bytes32 traceRoot,
        uint64 nSteps,
        uint16 checkpointInterval,
        bytes32 finalModelHash,
        bytes32 stepRoot
    ) external {
        Job storage job = _existing(jobId);
        if (job.status != JobStatus.Claimed) revert JobMarket_WrongStatus(jobId, job.status);
        if (msg.sender != job.solver) revert JobMarket_NotSolver(msg.sender);
        if (block.timestamp > job.commitDeadline) revert JobMarket_CommitDeadlinePassed(job.commitDeadline);
        if (
            traceRoot == bytes32(0) || finalModelHash == bytes32(0) || stepRoot == bytes32(0) || nSteps != job.steps
                || checkpointInterval == 0 || checkpointInterval > nSteps
        ) revert JobMarket_InvalidCommitment();
        uint40 challengeDeadline = uint40(block.timestamp) + _challengeWindow;
        job.status = JobStatus.Committed;
        job.commitBlock = uint40(block.number);
        job.challengeDeadline = challengeDeadline;
        job.checkpointInterval = checkpointInterval;
        job.traceRoot = traceRoot;
        job.finalModelHash = finalModelHash;
        job.stepRoot = stepRoot;
        emit JobCommitted(jobId, msg.sender, traceRoot, nSteps, checkpointInterval, finalModelHash, challengeDeadline);
    }

    /// @notice Fixes and stores the job's sampling randomness (see {randomnessAnchor}); anyone may
    ///         call once the anchor block is mined. Idempotent.
    function recordRandomness(bytes32 jobId) public returns (bytes32 randomness) {
        randomness = _randomness[jobId];
        if (randomness != bytes32(0)) return randomness;
        Job storage job = _existing(jobId);
        if (job.status != JobStatus.Committed) revert JobMarket_WrongStatus(jobId, job.status);
        uint256 anchor = _anchorBlock(jobId, job.commitBlock);
        if (anchor >= block.number) revert JobMarket_RandomnessNotReady(anchor);
        if (block.number - anchor > BLOCKHASH_WINDOW) {
            // INVARIANT: the caller never picks the seed. The anchor's hash is gone, so the anchor
            // moves to a block not mined yet, whose hash nobody knows when this call is made.
            uint256 next = block.number + _randomnessDelay;
            _reanchor[jobId] = next;
            emit RandomnessReanchored(jobId, anchor, next);
            return bytes32(0);
        }
        randomness = keccak256(abi.encode(blockhash(anchor), jobId));
        _randomness[jobId] = randomness;
        emit RandomnessRecorded(jobId, anchor, randomness);
    }

    /// @notice A drawn verifier attests that it replayed its sample of the job's transitions and
    ///         each matched: transition `transitions[j]` (the j-th index of its sample, see
    ///         {sampleIndex}) goes from state hash `before[j]` to `after_[j]`, both opening the
    ///         solver's committed step tree (`proofs`, see {commit}): a verifier that did not replay
    ///         cannot name them. It locks
    ///         ATTESTER_BOND_BPS of the job's collateral from its free stake until the job settles,
    ///         and loses it if a game proves one of these transitions wrong ({settleAttestation}).
    ///         The drawn verifiers that attest share the verifier fee at finalize.
    function attest(
        bytes32 jobId,
        uint64[] calldata transitions,
        bytes32[] calldata before,
        bytes32[] calldata after_,
        bytes32[] calldata proofs
    ) external nonReentrant {
        Job storage job = _attestable(jobId);
        _checkSample(_randomness[jobId], job.steps, transitions, before.length, after_.length);
        // INVARIANT: every attested state hash opens the solver's committed step tree (only a
        // replay, or the solver's collusion, can name them).
        IAttestationRules rules = IAttestationRules(address(_validator));
        rules.checkOpenings(job.stepRoot, job.steps, transitions, before, after_, proofs);
        _attestations[jobId][msg.sender] = rules.attestationHash(transitions, before, after_);
        _attesters[jobId].push(msg.sender);
        uint256 bond = _attesterBond(job);
        emit JobAttested(jobId, msg.sender, transitions, before, after_, bond);
        _registry.lock(msg.sender, _attesterLock(jobId, msg.sender), bond);
    }

    /// @dev The job, if the caller may attest it now: randomness recorded (recording it if due),
    ///      job Committed, window open, caller a staked verifier holding a seat, not yet attested.
    function _attestable(bytes32 jobId) private returns (Job storage job) {
        // a late first record only moves the anchor (and this revert undoes it): call
        // recordRandomness on its own, then attest once the new anchor is mined
        uint256 anchor = _anchorBlock(jobId, _jobs[jobId].commitBlock);
        if (recordRandomness(jobId) == bytes32(0)) revert JobMarket_RandomnessNotReady(anchor);
        job = _jobs[jobId];
        if (job.status != JobStatus.Committed) revert JobMarket_WrongStatus(jobId, job.status);
        if (block.timestamp > job.challengeDeadline) revert JobMarket_ChallengeWindowClosed(job.challengeDeadline);
        if (!_registry.isStaked(msg.sender, _registry.ROLE_VERIFIER())) revert JobMarket_NotStakedVerifier(msg.sender);
        // INVARIANT: only a verifier drawn by the job's randomness attests (sybils cannot queue up).
        if (msg.sender == job.solver || !isDrawn(jobId, msg.sender)) revert JobMarket_NotDrawn(msg.sender);
        if (_attestations[jobId][msg.sender] != bytes32(0)) revert JobMarket_AlreadyAttested(msg.sender);
        if (_attesters[jobId].length >= MAX_ATTESTERS) revert JobMarket_TooManyAttesters();
    }

    /// @dev The attested transitions are the caller's sample (k of them, one hash pair each).
    function _checkSample(
        bytes32 randomness,
        uint64 steps,
        uint64[] calldata transitions,
        uint256 befores,
        uint256 afters
    ) private view {
        uint256 k = transitions.length;
        if (k < MIN_ATTEST_SAMPLES || k > MAX_ATTEST_SAMPLES || befores != k || afters != k) {
            revert JobMarket_BadAttestation();
        }
        for (uint256 j; j < k; ++j) {
            if (transitions[j] != sampleIndex(randomness, msg.sender, j, steps)) revert JobMarket_BadAttestation();
        }
    }

    /// @notice Settles the bond of `verifier`'s attestation of a job settled as cheated, revealing
    ///         what it attested (from its `JobAttested` event). The bond goes to the treasury when
    ///         the attestation confirmed the very transition the game proved wrong (same step, same
    ///         state hashes), and back to the verifier's free stake otherwise. Anyone may call.
    function settleAttestation(
        bytes32 jobId,
        address verifier,
        uint64[] calldata transitions,
        bytes32[] calldata before,
        bytes32[] calldata after_
    ) external nonReentrant {
        Job storage job = _existing(jobId);
        if (job.status != JobStatus.Cheated) revert JobMarket_WrongStatus(jobId, job.status);
        bytes32 stored = _attestations[jobId][verifier];
        if (
            stored == bytes32(0) || before.length != transitions.length || after_.length != transitions.length
                || IAttestationRules(address(_validator)).attestationHash(transitions, before, after_) != stored
        ) revert JobMarket_UnknownAttestation(verifier);
        delete _attestations[jobId][verifier];
        // INVARIANT: an attester is slashed only for confirming the transition a game proved wrong.
        bool confirmedTheCheat =
            IAttestationRules(address(_validator)).confirms(_provenTransition[jobId], transitions, before, after_);
        uint256 bond = _attesterBond(job);
        uint256 slashed = confirmedTheCheat ? bond : 0;
        emit AttestationSettled(jobId, verifier, confirmedTheCheat, bond);
        _registry.releaseLock(_attesterLock(jobId, verifier), slashed, address(this));
        _credit(_treasury, jobId, slashed);
    }

    /// @notice Index j of `verifier`'s sample of a job with randomness `randomness` and `steps`
    ///         transitions: uint256(keccak256(abi.encode(randomness, verifier, j))) mod steps.
    function sampleIndex(bytes32 randomness, address verifier, uint256 j, uint256 steps) public pure returns (uint64) {
        return uint64(uint256(keccak256(abi.encode(randomness, verifier, j))) % steps);
    }

    /// @notice The accounts holding the job's verifier seats (empty until its randomness is
    ///         recorded). Seat s is entry uint256(keccak256(abi.encode(randomness, s))) mod N of the
    ///         verifier set as it was at the commit block (N entries), moved to the next entry while
    ///         it repeats an earlier seat; min(N, MAX_ATTESTERS) seats. A seat whose account no
    ///         longer qualifies, or qualified only after the commit block, stays empty (see {isDrawn}).
    function drawnVerifiers(bytes32 jobId) public view returns (address[] memory seats) {
        bytes32 randomness = _randomness[jobId];
        if (randomness == bytes32(0)) return seats;
        uint256 count = _registry.verifierCountAt(_jobs[jobId].commitBlock);
        uint256 n = count < MAX_ATTESTERS ? count : MAX_ATTESTERS;
        seats = new address[](n);
        uint256[] memory taken = new uint256[](n);
        for (uint256 s; s < n; ++s) {
            uint256 entry = uint256(keccak256(abi.encode(randomness, s))) % count;
            while (_isTaken(taken, s, entry)) entry = (entry + 1) % count;
            taken[s] = entry;
            seats[s] = _registry.verifierAt(entry);
        }
    }

    /// @notice True when `verifier` holds one of the job's seats and has qualified as a verifier
    ///         without a break since the commit block or earlier (so it could not have joined,
    ///         or topped up, after the randomness was known).
    function isDrawn(bytes32 jobId, address verifier) public view returns (bool) {
        uint256 since = _registry.verifierSince(verifier);
        if (since == 0 || since > _jobs[jobId].commitBlock) return false;
        address[] memory seats = drawnVerifiers(jobId);
        for (uint256 s; s < seats.length; ++s) {
            if (seats[s] == verifier) return true;
        }
        return false;
    }

    function _isTaken(uint256[] memory taken, uint256 seats, uint256 entry) private pure returns (bool) {
        for (uint256 t; t < seats; ++t) {
            if (taken[t] == entry) return true;
        }
        return false;
    }

    /// @notice The transition a game proved wrong when it settled `jobId` as cheated (see
    ///         {settleCheated}); zero when none was.
    function provenTransition(bytes32 jobId) external view returns (bytes32) {
        return _provenTransition[jobId];
    }

    /// @notice The bond each attester of `jobId` locks (ATTESTER_BOND_BPS of the collateral).
    function attesterBond(bytes32 jobId) external view returns (uint256) {
        return _attesterBond(_jobs[jobId]);
    }

    function _attesterBond(Job storage job) private view returns (uint256) {
        uint256 bond = uint256(job.collateral) * ATTESTER_BOND_BPS / BPS;
        return bond == 0 ? 1 : bond;
    }

    function _attesterLock(bytes32 jobId, address verifier) private pure returns (bytes32) {
        return keccak256(abi.encode(jobId, verifier));
    }

    /// @notice Pays out a committed job after its challenge window when no dispute is open: the
    ///         solver is credited the price minus the verifier fees, the attesters their fee share,
    ///         the collateral is unlocked and the final model hash is recorded. Anyone may call.
    function finalize(bytes32 jobId) external nonReentrant {
        _whenNotPaused();
        Job storage job = _existing(jobId);
        JobStatus status = job.status;
        // INVARIANT: a finalized job is never paid twice.
        if (status == JobStatus.Finalized) revert JobMarket_AlreadyFinalized(jobId);
        if (status != JobStatus.Committed) revert JobMarket_WrongStatus(jobId, status);
        if (block.timestamp <= job.challengeDeadline) revert JobMarket_ChallengeWindowOpen(job.challengeDeadline);
        // INVARIANT: no payout while any dispute on the job is open.
        uint256 open = _openDisputes[jobId];
        if (open != 0) revert JobMarket_DisputesOpen(open);

        job.status = JobStatus.Finalized;
        uint256 price = job.price;
        address solver = job.solver;
        address[] storage list = _attesters[jobId];
        uint256 n = list.length;
        uint256 pool = price * _verifierFeeBps / BPS;
        uint256 solverPay = price - pool;
        if (n != 0) {
            uint256 each = pool / n;
            solverPay += pool - each * n; // rounding dust
            for (uint256 i; i < n; ++i) {
                _credit(list[i], jobId, each);
            }
        } else {
            // INVARIANT: the verifier pool of an unattested job never goes to the solver (a solver
            // that withholds its data must not earn the pool nobody could earn); back to the user.
            _credit(job.user, jobId, pool);
        }
        _credit(solver, jobId, solverPay);
        bytes32 modelHash = job.finalModelHash;
        if (_modelJob[modelHash] == bytes32(0)) _modelJob[modelHash] = jobId;
        emit JobFinalized(jobId, solver, modelHash, solverPay);
        _registry.releaseLock(jobId, 0, address(0));
        for (uint256 i; i < n; ++i) {
            _registry.releaseLock(_attesterLock(jobId, list[i]), 0, address(0));
        }
    }

    // ----------------------------------------------------------------------------------- refunds

    /// @notice Refunds the full price to the user of a job nobody claimed by its claim deadline.
    function refundUnclaimed(bytes32 jobId) external {
        Job storage job = _existing(jobId);
        if (job.status != JobStatus.Open) revert JobMarket_WrongStatus(jobId, job.status);
        if (block.timestamp <= job.claimDeadline) revert JobMarket_DeadlineNotReached(job.claimDeadline);
        job.status = JobStatus.Refunded;
        _credit(job.user, jobId, job.price);
        emit JobRefunded(jobId, job.user, job.price, 0);
    }

    /// @notice Refunds the user of a claimed job whose solver did not commit by the commit
    ///         deadline; NO_COMMIT_PENALTY_BPS of the solver's collateral goes to the treasury and
    ///         the rest of the collateral is unlocked.
    function refundUncommitted(bytes32 jobId) external nonReentrant {
        Job storage job = _existing(jobId);
        if (job.status != JobStatus.Claimed) revert JobMarket_WrongStatus(jobId, job.status);
        if (block.timestamp <= job.commitDeadline) revert JobMarket_DeadlineNotReached(job.commitDeadline);
        job.status = JobStatus.Refunded;
        uint256 penalty = uint256(job.collateral) * NO_COMMIT_PENALTY_BPS / BPS;
        address user = job.user;
        _credit(user, jobId, job.price);
        _credit(_treasury, jobId, penalty);
        emit JobRefunded(jobId, user, job.price, penalty);
        _registry.releaseLock(jobId, penalty, address(this));
    }

    // ------------------------------------------------------------------------------ dispute hook

    /// @notice Opens one dispute on a committed job inside its challenge window. DISPUTE_GAME_ROLE only.
    function freeze(bytes32 jobId) external onlyRole(DISPUTE_GAME_ROLE) {
        Job storage job = _existing(jobId);
        if (job.status != JobStatus.Committed) revert JobMarket_WrongStatus(jobId, job.status);
        if (block.timestamp > job.challengeDeadline) revert JobMarket_ChallengeWindowClosed(job.challengeDeadline);
        uint256 open = ++_openDisputes[jobId];
        _gameDisputes[jobId][msg.sender] += 1;
        emit JobFrozen(jobId, msg.sender, open);
    }

    /// @notice Closes one dispute the caller opened, without a slash. Also valid after the job was
    ///         settled as cheated by another game: that game was open when the cheat was proven (no game
    ///         opens on a Cheated job), so its challenger is credited its reward share and the refund
    ///         of its `moves` (see {settleCheated}).
    ///         Open to any caller that holds an open dispute on the job (not gated by the role): a
    ///         game whose role was revoked after it opened still finishes, so its bonds, the price
    ///         and the collateral are never stranded; revoking only stops new games (`freeze`).
    function unfreeze(bytes32 jobId, address challenger, uint256 moves) external {
        Job storage job = _existing(jobId);
        _closeDispute(jobId);
        if (job.status == JobStatus.Cheated) {
            CheatPayout storage p = _cheatPayouts[jobId];
            // INVARIANT: refunds never exceed the moves counted at the proof.
            uint64 paid = moves < p.movesLeft ? uint64(moves) : p.movesLeft;
            p.movesLeft -= paid;
            _credit(challenger, jobId, uint256(p.share) + uint256(p.refundPerMove) * paid);
        }
        emit JobUnfrozen(jobId, msg.sender, _openDisputes[jobId]);
    }

    /// @notice Closes one dispute the caller opened as won by `challenger`: the solver's whole
    ///         locked collateral C is slashed. The user is credited the full price plus
    ///         C*SLASH_USER_BPS. Every game open on the job at this moment (n, this one included)
    ///         is owed an equal share of C*SLASH_REWARD_BPS plus a refund of its challenger's
    ///         moves: `moveRefund` each, or less if the `totalMoves` of the open games would
    ///         exceed C*SLASH_REFUND_BPS. This game's challenger is credited now, the other games'
    ///         when they close ({unfreeze}); the treasury gets what is left at once. So who proves
    ///         the cheat first does not matter, and a solver playing challengers of its own gets
    ///         back at most the reward share (plus the refunds of moves it really made).
    ///         `proven` is the transition the game proved wrong (zero if none), against
    ///         which the job's attestations are settled ({settleAttestation}).
    function settleCheated(
        bytes32 jobId,
        address challenger,
        uint256 moves,
        uint256 totalMoves,
        uint256 moveRefund,
        bytes32 proven
    ) external nonReentrant {
        // INVARIANT: only a game holding an open dispute on the job settles it (the role is checked
        // when the dispute opens, so revoking a game's role never strands its open games).
        if (_gameDisputes[jobId][msg.sender] == 0) revert JobMarket_NoDisputeByCaller(jobId, msg.sender);
        if (challenger == address(0)) revert JobMarket_ZeroAddress();
        Job storage job = _existing(jobId);
        // INVARIANT: a job is settled (finalized, refunded or slashed) at most once.
        if (job.status != JobStatus.Committed) revert JobMarket_WrongStatus(jobId, job.status);
        if (moves > totalMoves || totalMoves > type(uint64).max) revert JobMarket_InvalidConfig();
        uint256 open = _openDisputes[jobId];
        _closeDispute(jobId);
        job.status = JobStatus.Cheated;
        uint256 collateral = job.collateral;
        uint256 userShare = collateral * SLASH_USER_BPS / BPS;
        CheatPayout memory p = _cheatPayout(
            collateral * SLASH_REFUND_BPS / BPS, collateral * SLASH_REWARD_BPS / BPS, open, totalMoves, moveRefund
        );
        p.movesLeft = uint64(totalMoves - moves);
        _cheatPayouts[jobId] = p;
        if (proven != bytes32(0)) _provenTransition[jobId] = proven;
        uint256 mine = uint256(p.share) + uint256(p.refundPerMove) * moves;
        _credit(challenger, jobId, mine);
        _credit(job.user, jobId, job.price + userShare);
        uint256 treasuryShare = collateral - userShare - uint256(p.share) * open - uint256(p.refundPerMove) * totalMoves;
        _credit(_treasury, jobId, treasuryShare);
        emit JobCheated(jobId, challenger, mine, job.price + userShare, treasuryShare);
        _registry.releaseLock(jobId, collateral, address(this));
    }

    /// @dev The reward `reward` split over `open` games, and the refund per move: `moveRefund`, or
    ///      less so that `totalMoves` refunds fit in `budget`.
    function _cheatPayout(uint256 budget, uint256 reward, uint256 open, uint256 totalMoves, uint256 moveRefund)
        private
        pure
        returns (CheatPayout memory)
    {
        uint256 perMove = totalMoves == 0 ? 0 : budget / totalMoves;
        if (moveRefund < perMove) perMove = moveRefund;
        return CheatPayout(uint96(reward / open), uint96(perMove), 0);
    }

    /// @notice What each game that was open when `jobId`'s cheat was proven is owed at its close:
    ///         its reward share, and the refund per challenger move.
    function cheatPayout(bytes32 jobId) external view returns (uint256 share, uint256 refundPerMove) {
        CheatPayout memory p = _cheatPayouts[jobId];
        return (p.share, p.refundPerMove);
    }

    /// @notice What the market still holds for the games of a cheated job that are not closed yet
    ///         (their reward shares and the refunds of their moves).
    function owedToOpenGames(bytes32 jobId) external view returns (uint256) {
        if (_jobs[jobId].status != JobStatus.Cheated) return 0;
        CheatPayout memory p = _cheatPayouts[jobId];
        return uint256(p.share) * _openDisputes[jobId] + uint256(p.refundPerMove) * p.movesLeft;
    }

    // ----------------------------------------------------------------------------------- payouts

    /// @notice Sends the caller's whole claimable balance to `to`. Held while settlements are
    ///         paused (the credit stays the caller's; only the caller can ever withdraw it).
    function withdraw(address to) external nonReentrant {
        _whenNotPaused();
        if (to == address(0)) revert JobMarket_ZeroAddress();
        uint256 amount = _claimable[msg.sender];
        if (amount == 0) revert JobMarket_NothingToWithdraw();
        _claimable[msg.sender] = 0;
        emit Withdrawn(msg.sender, to, amount);
        _token.safeTransfer(to, amount);
    }

    // ---------------------------------------------------------------------------------- guardian

    /// @notice Pauses {finalize} and {withdraw} for `duration` seconds (1 .. MAX_PAUSE), from now.
    ///         Refused until PAUSE_COOLDOWN after the previous pause ended, so a pause can be
    ///         neither extended nor chained, by this guardian or any other. GUARDIAN_ROLE only.
    ///         Submitting, claiming, committing, attesting, refunds and the dispute hook keep
    ///         running; settlements resume by themselves when the pause ends.
    function pauseSettlements(uint256 duration) external onlyRole(GUARDIAN_ROLE) {
        if (duration == 0) revert JobMarket_ZeroPause();
        if (duration > MAX_PAUSE) revert JobMarket_PauseTooLong(duration, MAX_PAUSE);
        uint256 next = nextPauseAllowedAt();
        if (block.timestamp < next) revert JobMarket_PauseCooldown(next);
        uint256 until = block.timestamp + duration;
        _pausedUntil = uint40(until);
        emit SettlementsPaused(until);
    }

    /// @notice Ends the current pause now; the cooldown runs from now. Guardian or admin.
    function unpauseSettlements() external {
        if (!hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) _checkRole(GUARDIAN_ROLE);
        if (block.timestamp >= _pausedUntil) revert JobMarket_NotPaused();
        _pausedUntil = uint40(block.timestamp);
        emit SettlementsUnpaused();
    }

    /// @notice End of the current settlement pause (settlements resume at this timestamp), or 0
    ///         when settlements are not paused.
    function settlementsPausedUntil() external view returns (uint256) {
        uint256 until = _pausedUntil;
        return block.timestamp < until ? until : 0;
    }

    /// @notice Earliest timestamp at which the next pause may start (0: never paused yet).
    function nextPauseAllowedAt() public view returns (uint256) {
        uint256 last = _pausedUntil;
        return last == 0 ? 0 : last + PAUSE_COOLDOWN;
    }

    /// @notice The shortest commit window (seconds between claimDeadline and commitDeadline) a
    ///         job of `steps` steps of `macsPerStep` multiply-accumulates may ask for.
    function minCommitWindow(uint256 steps, uint256 macsPerStep) public pure returns (uint256) {
        return MIN_COMMIT_WINDOW + (steps * macsPerStep + COMMIT_THROUGHPUT_FLOOR - 1) / COMMIT_THROUGHPUT_FLOOR;
    }

    /// @notice The validator of submitted jobs and the attestation rules (the dispute game's
    ///         LeafVerifier).
    function validator() external view returns (IJobValidator) {
        return _validator;
    }

    // ------------------------------------------------------------------------------------ views

    /// @inheritdoc IJobMarketDisputeHook
    function hashJobRequest(JobRequest calldata request) external view returns (bytes32) {
        return _hashTypedDataV4(_hashRequest(request));
    }

    /// @notice The EIP-712 domain separator of this market (chain id and address bound).
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @inheritdoc IJobMarketDisputeHook
    function commitment(bytes32 jobId) external view returns (Commitment memory c) {
        Job storage job = _jobs[jobId];
        if (job.traceRoot == bytes32(0)) return c;
        c = Commitment(
            job.solver,
            job.user,
            job.traceRoot,
            job.finalModelHash,
            job.steps,
            job.checkpointInterval,
            job.commitBlock,
            job.challengeDeadline,
            job.collateral
        );
    }

    /// @inheritdoc IJobMarketDisputeHook
    function jobStatus(bytes32 jobId) external view returns (JobStatus) {
        return _jobs[jobId].status;
    }

    /// @notice Everything stored about `jobId` (status None when unknown).
    function getJob(bytes32 jobId) external view returns (JobView memory v) {
        Job storage job = _jobs[jobId];
        v.user = job.user;
        v.status = job.status;
        v.claimDeadline = job.claimDeadline;
        v.commitDeadline = job.commitDeadline;
        v.price = job.price;
        v.collateral = job.collateral;
        v.steps = job.steps;
        v.solver = job.solver;
        v.commitBlock = job.commitBlock;
        v.challengeDeadline = job.challengeDeadline;
        v.checkpointInterval = job.checkpointInterval;
        v.openDisputes = _openDisputes[jobId];
        v.traceRoot = job.traceRoot;
        v.finalModelHash = job.finalModelHash;
        v.stepRoot = job.stepRoot;
        v.randomness = _randomness[jobId];
        v.attesters = _attesters[jobId];
    }

    /// @notice The block whose hash seeds the job's sampling randomness: `commitBlock +
    ///         randomnessDelay`, or, if nobody recorded it while its hash was available (256
    ///         blocks), the block `recordRandomness` moved it to then (`randomnessDelay` blocks
    ///         after that call, see `RandomnessReanchored`).
    function randomnessAnchor(bytes32 jobId) external view returns (uint256) {
        return _anchorBlock(jobId, _jobs[jobId].commitBlock);
    }

    /// @notice The recorded sampling randomness of `jobId` (zero until recorded).
    function randomnessOf(bytes32 jobId) external view returns (bytes32) {
        return _randomness[jobId];
    }

    /// @notice The verifiers that attested `jobId`, in order.
    function attestersOf(bytes32 jobId) external view returns (address[] memory) {
        return _attesters[jobId];
    }

    /// @notice True when `user`'s unordered nonce `nonce` is used or cancelled.
    function isNonceUsed(address user, uint256 nonce) external view returns (bool) {
        return _nonceBitmap[user][nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }

    /// @notice The first finalized job that produced `modelHash` (zero if none).
    function jobOfModel(bytes32 modelHash) external view returns (bytes32) {
        return _modelJob[modelHash];
    }

    /// @notice Tokens `account` can withdraw.
    function claimable(address account) external view returns (uint256) {
        return _claimable[account];
    }

    /// @notice Number of disputes `game` has open on `jobId`.
    function disputesOpenedBy(bytes32 jobId, address game) external view returns (uint256) {
        return _gameDisputes[jobId][game];
    }

    /// @notice Configuration: token, registry, treasury, challenge window (s), randomness delay
    ///         (blocks) and verifier fee (bps).
    function config()
        external
        view
        returns (
            IERC20 token,
            IStakeRegistry registry,
            address treasury,
            uint40 challengeWindow,
            uint40 randomnessDelay,
            uint16 verifierFeeBps
        )
    {
        return (_token, _registry, _treasury, _challengeWindow, _randomnessDelay, _verifierFeeBps);
    }

    // --------------------------------------------------------------------------------- internals

    function _whenNotPaused() private view {
        uint256 until = _pausedUntil;
        if (block.timestamp < until) revert JobMarket_SettlementsPaused(until);
    }

    function _existing(bytes32 jobId) private view returns (Job storage job) {
        job = _jobs[jobId];
        if (job.status == JobStatus.None) revert JobMarket_UnknownJob(jobId);
    }

    function _checkRequestFields(JobRequest calldata r) private pure {
        if (
            r.user == address(0) || r.price == 0 || r.price > type(uint96).max || r.collateral == 0
                || r.collateral > type(uint96).max || r.steps == 0 || r.commitDeadline <= r.claimDeadline
                || r.commitDeadline > type(uint40).max
        ) revert JobMarket_InvalidRequest();
    }

    function _checkSettleable(JobRequest calldata request, HyperParams calldata hp, uint32[] calldata widths)
        private
        view
    {
        // INVARIANT: only jobs the dispute game can register and prove are accepted and paid for.
        uint256 macsPerStep = _validator.checkJob(request.modelSpecHash, request.hyperParamsHash, hp, widths);
        uint256 required = minCommitWindow(request.steps, macsPerStep);
        uint256 window = request.commitDeadline - request.claimDeadline;
        if (window < required) revert JobMarket_CommitWindowTooShort(window, required);
    }

    function _checkSignature(address user, bytes32 digest, bytes calldata signature) private view {
        if (user.code.length == 0) {
            (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
            // INVARIANT: only low-S signatures are accepted (no malleable twin of a valid signature).
            if (err == ECDSA.RecoverError.InvalidSignatureS) revert JobMarket_SignatureHighS();
            if (err != ECDSA.RecoverError.NoError || recovered != user) revert JobMarket_InvalidSignature();
        } else if (!SignatureChecker.isValidERC1271SignatureNowCalldata(user, digest, signature)) {
            revert JobMarket_InvalidSignature();
        }
    }

    function _hashRequest(JobRequest calldata r) private pure returns (bytes32) {
        return keccak256(
            bytes.concat(
                abi.encode(
                    JOB_REQUEST_TYPEHASH,
                    r.user,
                    r.modelSpecHash,
                    r.datasetRoot,
                    keccak256(bytes(r.datasetURI)),
                    r.hyperParamsHash,
                    r.steps
                ),
                abi.encode(r.seed, r.price, r.collateral, r.claimDeadline, r.commitDeadline, r.nonce)
            )
        );
    }

    function _anchorBlock(bytes32 jobId, uint256 commitBlock) private view returns (uint256) {
        uint256 moved = _reanchor[jobId];
        return moved != 0 ? moved : commitBlock + _randomnessDelay;
    }

    function _closeDispute(bytes32 jobId) private {
        uint256 mine = _gameDisputes[jobId][msg.sender];
        if (mine == 0) revert JobMarket_NoDisputeByCaller(jobId, msg.sender);
        _gameDisputes[jobId][msg.sender] = mine - 1;
        _openDisputes[jobId] -= 1;
    }

    function _credit(address account, bytes32 jobId, uint256 amount) private {
        if (amount == 0) return;
        _claimable[account] += amount;
        emit Credited(account, jobId, amount);
    }
}
