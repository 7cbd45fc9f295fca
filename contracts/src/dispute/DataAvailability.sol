// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IJobMarketDisputeHook} from "../interfaces/IJobMarketDisputeHook.sol";
import {IDataAvailability} from "../interfaces/IDataAvailability.sol";
import {JobStatus} from "../types/JobTypes.sol";
import {DisputeGame} from "./DisputeGame.sol";
import {LeafVerifier} from "./LeafVerifier.sol";
import {RowCommitment} from "./lib/RowCommitment.sol";
import {Commitments} from "./lib/Commitments.sol";
import {MlpProgram} from "./lib/MlpProgram.sol";
import {JobConfig} from "../types/DisputeTypes.sol";

/// @title DataAvailability
/// @notice On-chain data demands: during a job's challenge window anyone may demand one committed
///         state of the job (a trace leaf: a checkpoint, or the final model), bonded. The solver
///         must publish it on-chain within the answer period: first the row-tree roots of its
///         parameter tensors (proven against the committed trace root), then every row, in
///         chunks, each chunk an aligned block of rows proven against its tensor's root. The rows
///         are emitted in `RowsPublished`, so anyone rebuilds the state from the chain alone.
///         A demand freezes the job through the market's dispute hook; a solver that does not
///         publish in time is settled as a cheat (its collateral slashed as by a lost game).
/// @dev Bond and period scale with the state's size S bytes: the bond pays the solver for
///      PUBLISH_FIXED_GAS + PUBLISH_GAS_PER_BYTE·S gas at the dispute game's reference price (never below the game's
///      bond floor) and goes to the solver when it answers, back to the demander when it does not;
///      the answer period is the game's clock plus ANSWER_TIME_PER_MIB per started MiB. One
///      demand per (job, leaf): a state published once is on-chain for everyone.
///
///      Blobs (EIP-4844) are the cheaper path where the chain has them: `publishBlobs` carries
///      chunks in the transaction's blobs and records only their versioned hashes, which the
///      contract cannot open. So a blob answer is optimistic: after the last chunk anyone may,
///      within the game's clock, object to a blob chunk (unavailable, or rows that do not rebuild
///      the committed root); the solver must then publish exactly that chunk as calldata, checked
///      like any `publishRows` chunk, within one more clock, or be settled as a cheat. Objections
///      cost the objector nothing: at worst they turn the answer back into the calldata answer the
///      demand bond was sized for (docs/data-availability.md).
contract DataAvailability is IDataAvailability, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Largest chunk of row data one `publishRows` call may carry (fits the 128 KiB
    ///         calldata limit of common mempools with room for the proof).
    uint256 public constant MAX_CHUNK_BYTES = 96 * 1024;
    /// @notice Gas per published byte the bond pays for: calldata (16) + event data (8) + copies,
    ///         hashing and proofs; measured 42.5 gas/byte all-in for a 50 KB state (fixed costs
    ///         included), so 48 plus PUBLISH_FIXED_GAS covers it (docs/data-availability.md).
    uint256 public constant PUBLISH_GAS_PER_BYTE = 48;
    /// @notice Fixed gas the bond adds for the roots transaction and the chunks' base costs.
    uint256 public constant PUBLISH_FIXED_GAS = 250_000;
    /// @notice Extra answer time per started MiB of state (a MiB is ~33M gas: a few blocks).
    uint256 public constant ANSWER_TIME_PER_MIB = 1 hours;

    enum Phase {
        None,
        AwaitRoots,
        AwaitRows,
        Answered,
        Defaulted,
        AwaitObjections
    }

    /// @notice A chunk published in a blob: rows `firstRow ..+count` of parameter tensor `tensor`,
    ///         an aligned block exactly as a `publishRows` chunk would be.
    struct BlobChunk {
        bytes32 versionedHash;
        uint16 tensor;
        uint32 firstRow;
        uint32 count;
        bool objected;
        bool answered;
        address objector;
    }

    /// @notice The objection period of a demand answered (partly) in blobs.
    struct BlobAnswer {
        uint40 objectionsClose;
        uint32 unanswered;
    }

    struct Demand {
        bytes32 jobId;
        address demander;
        uint40 deadline;
        Phase phase;
        uint96 bond;
        uint64 leaf; //     trace leaf index
        uint64 step; //     its step: min(leaf·K, n)
        uint16 tensor; //   next parameter tensor to publish
        uint32 nextRow; //  next row of it
        bytes32 rootsHash; // keccak256(packed parameter row-tree roots), once posted
    }

    /// @notice The market whose dispute hook this contract plays (needs its DISPUTE_GAME_ROLE).
    IJobMarketDisputeHook public immutable market;
    /// @notice The bond token (the market token).
    IERC20 public immutable token;
    /// @notice Where jobs are registered (their widths and config) and the reference prices.
    DisputeGame public immutable game;
    /// @notice The stateless state-leaf and path checker.
    LeafVerifier public immutable verifier;

    uint256 private _count;
    mapping(uint256 demandId => Demand) private _demands;
    mapping(bytes32 jobId => mapping(uint64 leaf => uint256 demandId)) private _byLeaf;
    mapping(bytes32 jobId => uint256[]) private _jobDemands;
    /// @dev Demands on the job neither answered nor defaulted.
    mapping(bytes32 jobId => uint256) private _open;
    mapping(uint256 demandId => BlobChunk[]) private _blobChunks;
    mapping(uint256 demandId => BlobAnswer) private _blobAnswers;
    mapping(address account => uint256) private _credit;
    uint256 private _totalCredit;
    uint256 private _totalBonds;

    /// @notice Reverted when the demand is not in a phase that allows the call.
    /// @param phase The demand's current phase.
    error DataAvailability_WrongPhase(Phase phase);

    constructor(IJobMarketDisputeHook market_, IERC20 token_, DisputeGame game_, LeafVerifier verifier_) {
        if (
            address(market_) == address(0) || address(token_) == address(0) || address(game_) == address(0)
                || address(verifier_) == address(0)
        ) revert DataAvailability_ZeroAddress();
        market = market_;
        token = token_;
        game = game_;
        verifier = verifier_;
    }

    // ----------------------------------------------------------------------------------- demand

    /// @notice Demands trace leaf `leaf` of committed job `jobId` (registered in the game first:
    ///         `DisputeGame.registerJob`): the state at step min(leaf·K, n); the last leaf is the
    ///         final model. Pulls the bond ({bondOf}) and freezes the job until the demand ends.
    function demand(bytes32 jobId, uint64 leaf) external nonReentrant returns (uint256 demandId) {
        JobConfig memory c = game.jobConfig(jobId);
        if (c.traceRoot == bytes32(0)) revert DataAvailability_JobNotRegistered(jobId);
        if (market.jobStatus(jobId) != JobStatus.Committed) revert DataAvailability_JobNotCommitted(jobId);
        uint256 window = market.commitment(jobId).challengeDeadline;
        if (block.timestamp > window) revert DataAvailability_ChallengeWindowClosed(window);
        uint64 leaves = _leafCount(c);
        if (leaf >= leaves) revert DataAvailability_NoSuchLeaf(leaf, leaves);
        uint256 existing = _byLeaf[jobId][leaf];
        if (existing != 0) revert DataAvailability_AlreadyDemanded(existing);
        uint256 bytes_ = stateBytes(c.widths);
        (uint96 bond, uint40 deadline) = _terms(bytes_);
        demandId = ++_count;
        uint64 step = leaf * c.interval < c.steps ? leaf * c.interval : c.steps;
        _demands[demandId] = Demand(jobId, msg.sender, deadline, Phase.AwaitRoots, bond, leaf, step, 0, 0, 0);
        _byLeaf[jobId][leaf] = demandId;
        _jobDemands[jobId].push(demandId);
        _open[jobId] += 1;
        _totalBonds += bond;
        emit DataDemanded(demandId, jobId, msg.sender, leaf, step, bond, deadline);
        token.safeTransferFrom(msg.sender, address(this), bond);
        market.freeze(jobId);
    }

    // ---------------------------------------------------------------------------------- answer

    /// @notice First answer: the committed trace tree's root, the demanded leaf's path in it, and
    ///         the row-tree roots of the state's parameter tensors (state order). Anyone holding
    ///         the data may answer; the checks are the same as in a dispute game.
    function postRoots(uint256 demandId, bytes32 treeRoot, bytes32[] calldata leafProof, bytes32[] calldata paramRoots)
        external
    {
        Demand storage d = _live(demandId, Phase.AwaitRoots);
        JobConfig memory c = game.jobConfig(d.jobId);
        // INVARIANT: the published state is the committed one (same tree as the trace root binds).
        if (Commitments.traceRoot(c.configHash, c.steps, c.interval, treeRoot) != c.traceRoot) {
            revert DataAvailability_TraceRootMismatch();
        }
        bytes32 leafHash = verifier.stateLeaf(c.widths, d.step, paramRoots);
        if (!verifier.verifyPath(treeRoot, Commitments.heightOf(_leafCount(c)), leafHash, d.leaf, leafProof)) {
            revert DataAvailability_BadProof();
        }
        d.rootsHash = keccak256(abi.encodePacked(paramRoots));
        d.phase = Phase.AwaitRows;
        emit StateRootsPublished(demandId, d.jobId, d.step, paramRoots);
    }

    /// @notice Publishes the next chunk: rows `nextRow() ..` of tensor `tensor()`, an aligned block
    ///         of 2^h rows (fewer only at the tensor's end, padded with zero leaves), proven by the
    ///         siblings of the block's subtree in the tensor's row tree (bottom-up). At most
    ///         MAX_CHUNK_BYTES of rows. The last chunk answers the demand.
    function publishRows(
        uint256 demandId,
        bytes32[] calldata paramRoots,
        bytes[] calldata rows,
        bytes32[] calldata siblings
    ) external nonReentrant {
        Demand storage d = _live(demandId, Phase.AwaitRows);
        _checkRoots(d, paramRoots);
        JobConfig memory c = game.jobConfig(d.jobId);
        _checkChunk(paramRoots[d.tensor], d.tensor, d.nextRow, c.widths, rows, siblings);
        emit RowsPublished(demandId, d.tensor, d.nextRow, rows);
        _advance(d, demandId, c, uint32(rows.length));
    }

    /// @notice Publishes the next chunks in this transaction's blobs: blob i carries the next
    ///         `rowCounts[i]` rows (each count making an aligned block, as in `publishRows`),
    ///         encoded 31 bytes per field element (docs/data-availability.md). Only the blobs'
    ///         versioned hashes are recorded; the last chunk opens the objection period.
    function publishBlobs(uint256 demandId, bytes32[] calldata paramRoots, uint32[] calldata rowCounts)
        external
        nonReentrant
    {
        Demand storage d = _live(demandId, Phase.AwaitRows);
        _checkRoots(d, paramRoots);
        if (rowCounts.length == 0) revert DataAvailability_BadChunk();
        JobConfig memory c = game.jobConfig(d.jobId);
        BlobChunk[] storage chunks = _blobChunks[demandId];
        for (uint256 i; i < rowCounts.length; ++i) {
            bytes32 versionedHash = blobhash(i);
            if (versionedHash == bytes32(0)) revert DataAvailability_MissingBlob(i);
            // the previous chunk finished the state: nothing is left to publish
            if (d.phase != Phase.AwaitRows) revert DataAvailability_BadChunk();
            (uint32 tensorRows, uint32 cols) = MlpProgram.paramShape(c.widths, d.tensor);
            _checkBlock(d.nextRow, rowCounts[i], tensorRows, cols);
            emit RowsInBlob(demandId, chunks.length, d.tensor, d.nextRow, rowCounts[i], versionedHash);
            chunks.push(BlobChunk(versionedHash, d.tensor, d.nextRow, rowCounts[i], false, false, address(0)));
            _advance(d, demandId, c, rowCounts[i]);
        }
    }

    /// @notice Objects to blob chunk `chunk` of a demand in its objection period: the solver must
    ///         then publish that chunk as calldata (`answerObjection`). Anyone may object, once per
    ///         chunk, for any reason: a blob nobody serves, or rows that do not rebuild the root.
    function object(uint256 demandId, uint256 chunk) external {
        Demand storage d = _demands[demandId];
        if (d.phase != Phase.AwaitObjections) _wrongPhase(demandId, d.phase);
        BlobAnswer storage b = _blobAnswers[demandId];
        if (block.timestamp > b.objectionsClose) revert DataAvailability_ObjectionsClosed(b.objectionsClose);
        BlobChunk storage k = _blobChunk(demandId, chunk);
        if (k.objected) revert DataAvailability_AlreadyObjected(chunk);
        k.objected = true;
        k.objector = msg.sender;
        b.unanswered += 1;
        emit BlobObjected(demandId, chunk, msg.sender);
    }

    /// @notice Publishes objected blob chunk `chunk` as calldata, checked like a `publishRows`
    ///         chunk at the chunk's recorded place (same rows, same proof).
    function answerObjection(
        uint256 demandId,
        uint256 chunk,
        bytes32[] calldata paramRoots,
        bytes[] calldata rows,
        bytes32[] calldata siblings
    ) external nonReentrant {
        Demand storage d = _live(demandId, Phase.AwaitObjections);
        _checkRoots(d, paramRoots);
        BlobChunk storage k = _blobChunk(demandId, chunk);
        if (!k.objected || k.answered) revert DataAvailability_NotObjected(chunk);
        if (rows.length != k.count) revert DataAvailability_BadChunk();
        _checkChunk(paramRoots[k.tensor], k.tensor, k.firstRow, game.jobConfig(d.jobId).widths, rows, siblings);
        k.answered = true;
        _blobAnswers[demandId].unanswered -= 1;
        emit RowsPublished(demandId, k.tensor, k.firstRow, rows);
    }

    /// @notice Ends a blob answer whose objection period closed with every objection answered:
    ///         the demand is answered (the solver is paid its bond). Anyone may call.
    function confirmBlobs(uint256 demandId) external nonReentrant {
        Demand storage d = _demands[demandId];
        if (d.phase != Phase.AwaitObjections) _wrongPhase(demandId, d.phase);
        BlobAnswer memory b = _blobAnswers[demandId];
        if (block.timestamp <= b.objectionsClose) revert DataAvailability_ObjectionsOpen(b.objectionsClose);
        if (b.unanswered != 0) revert DataAvailability_ObjectionsUnanswered(b.unanswered);
        _answered(d, demandId, game.jobConfig(d.jobId).solver);
    }

    function _checkRoots(Demand storage d, bytes32[] calldata paramRoots) private view {
        if (keccak256(abi.encodePacked(paramRoots)) != d.rootsHash) revert DataAvailability_RootsMismatch();
    }

    /// @dev Moves past `count` published rows; after the state's last row the demand is answered,
    ///      or, if any chunk went in a blob, its objection period opens.
    function _advance(Demand storage d, uint256 demandId, JobConfig memory c, uint32 count) private {
        (uint32 tensorRows,) = MlpProgram.paramShape(c.widths, d.tensor);
        uint32 next = d.nextRow + count;
        if (next < tensorRows) {
            d.nextRow = next;
            return;
        }
        d.nextRow = 0;
        d.tensor += 1;
        if (d.tensor != c.widths.length * 2 - 2) return;
        if (_blobChunks[demandId].length == 0) {
            _answered(d, demandId, c.solver);
            return;
        }
        (, uint32 clock,) = game.parameters();
        uint40 close = uint40(block.timestamp + clock);
        d.phase = Phase.AwaitObjections;
        d.deadline = close + clock;
        _blobAnswers[demandId].objectionsClose = close;
        emit BlobObjectionsOpen(demandId, close, d.deadline);
    }

    /// @dev Checks the chunk is the aligned block of `rows.length` rows at (`tensor`, `first`) and
    ///      that its rows are the committed ones.
    function _checkChunk(
        bytes32 tensorRoot,
        uint16 tensor,
        uint32 first,
        uint32[] memory widths,
        bytes[] calldata rows,
        bytes32[] calldata siblings
    ) private pure {
        (uint32 tensorRows, uint32 cols) = MlpProgram.paramShape(widths, tensor);
        bytes32 subtree = _chunkRoot(rows, first, tensorRows, cols);
        uint256 h = Commitments.heightOf(rows.length);
        // INVARIANT: every published row is the committed row (proven against the tensor's root).
        if (!Commitments.verify(tensorRoot, Commitments.heightOf(tensorRows) - h, subtree, first >> h, siblings)) {
            revert DataAvailability_BadProof();
        }
    }

    /// @dev Root of the aligned block of rows starting at `first`, padded with zero leaves to 2^h.
    function _chunkRoot(bytes[] calldata rows, uint32 first, uint32 tensorRows, uint32 cols)
        private
        pure
        returns (bytes32)
    {
        uint256 count = rows.length;
        _checkBlock(first, count, tensorRows, cols);
        uint256 size = uint256(1) << Commitments.heightOf(count);
        bytes32[] memory level = new bytes32[](size);
        for (uint256 i; i < count; ++i) {
            if (rows[i].length != uint256(cols) * 4) revert DataAvailability_BadChunk();
            level[i] = RowCommitment.rowLeaf(uint32(first + i), rows[i]);
        }
        for (uint256 n = size; n > 1;) {
            n >>= 1;
            for (uint256 i; i < n; ++i) {
                level[i] = RowCommitment.node(level[2 * i], level[2 * i + 1]);
            }
        }
        return level[0];
    }

    /// @dev A chunk of `count` rows at `first` is an aligned block of 2^h rows (short only at the
    ///      tensor's end) of at most MAX_CHUNK_BYTES.
    function _checkBlock(uint256 first, uint256 count, uint256 tensorRows, uint256 cols) private pure {
        uint256 size = uint256(1) << Commitments.heightOf(count);
        if (count == 0 || first % size != 0 || first + count > tensorRows) revert DataAvailability_BadChunk();
        // a short block only at the tensor's end
        if (count != size && first + count != tensorRows) revert DataAvailability_BadChunk();
        if (count * cols * 4 > MAX_CHUNK_BYTES) revert DataAvailability_BadChunk();
    }

    function _answered(Demand storage d, uint256 demandId, address solver) private {
        d.phase = Phase.Answered;
        bytes32 jobId = d.jobId;
        _open[jobId] -= 1;
        // the bond pays the solver for the publication it was made to do
        _pay(solver, d.bond);
        emit DemandAnswered(demandId, jobId);
        market.unfreeze(jobId, d.demander, 0);
    }

    // ---------------------------------------------------------------------------------- default

    /// @notice Ends a demand not answered by its deadline: the demander gets its bond back and the
    ///         solver is settled as a cheat (withheld data), unless the job was already settled.
    ///         The challenger's reward goes to the demander, or, for a blob answer, to the first
    ///         objector left unanswered (who did the checking). Anyone may call.
    function resolveDefault(uint256 demandId) external nonReentrant {
        Demand storage d = _demands[demandId];
        Phase phase = d.phase;
        address beneficiary = d.demander;
        if (phase == Phase.AwaitObjections) {
            // a blob answer defaults only through an objection left unanswered
            if (_blobAnswers[demandId].unanswered == 0) revert DataAvailability_WrongPhase(phase);
            beneficiary = _firstUnansweredObjector(demandId);
        } else if (phase != Phase.AwaitRoots && phase != Phase.AwaitRows) {
            _wrongPhase(demandId, phase);
        }
        if (block.timestamp <= d.deadline) revert DataAvailability_DeadlineNotReached(d.deadline);
        d.phase = Phase.Defaulted;
        bytes32 jobId = d.jobId;
        uint256 open = _open[jobId];
        _open[jobId] = open - 1;
        _pay(d.demander, d.bond);
        // INVARIANT: a solver that withholds a committed state past the answer period is slashed.
        bool slash = market.jobStatus(jobId) == JobStatus.Committed;
        emit DemandDefaulted(demandId, jobId, slash);
        if (slash) {
            (,, uint96 moveRefund) = game.parameters();
            market.settleCheated(jobId, beneficiary, 1, open, moveRefund, bytes32(0));
        } else {
            market.unfreeze(jobId, beneficiary, 1);
        }
    }

    // ----------------------------------------------------------------------------------- payouts

    /// @notice Sends the caller's credited bonds to `to`.
    function withdraw(address to) external nonReentrant {
        if (to == address(0)) revert DataAvailability_ZeroAddress();
        uint256 amount = _credit[msg.sender];
        if (amount == 0) revert DataAvailability_NothingToWithdraw();
        _credit[msg.sender] = 0;
        _totalCredit -= amount;
        emit Withdrawn(msg.sender, to, amount);
        token.safeTransfer(to, amount);
    }

    // ------------------------------------------------------------------------------------ views

    /// @notice Bytes of one state of a model of `widths`: 4 per parameter.
    function stateBytes(uint32[] memory widths) public pure returns (uint256 total) {
        // INVARIANT: op-graph jobs have no state-publication path yet; their demands are refused.
        if (widths.length > 0 && widths[0] == 0) revert DataAvailability_GraphJobUnsupported();
        for (uint256 l = 1; l < widths.length; ++l) {
            total += 4 * (uint256(widths[l]) * widths[l - 1] + widths[l]);
        }
    }

    /// @notice The bond and answer deadline a demand on `jobId` would have now.
    function termsOf(bytes32 jobId) external view returns (uint96 bond, uint40 deadline) {
        return _terms(stateBytes(game.jobConfig(jobId).widths));
    }

    /// @notice The demand `demandId`.
    function demandOf(uint256 demandId) external view returns (Demand memory) {
        return _demands[demandId];
    }

    /// @notice The demand made for leaf `leaf` of `jobId` (0 when none).
    function demandFor(bytes32 jobId, uint64 leaf) external view returns (uint256) {
        return _byLeaf[jobId][leaf];
    }

    /// @notice Every demand made on `jobId`, oldest first.
    function demandsOf(bytes32 jobId) external view returns (uint256[] memory) {
        return _jobDemands[jobId];
    }

    /// @notice The chunks of demand `demandId` published in blobs, in publication order.
    function blobChunksOf(uint256 demandId) external view returns (BlobChunk[] memory) {
        return _blobChunks[demandId];
    }

    /// @notice The objection period of a demand answered in blobs (zero before its last chunk).
    function blobAnswerOf(uint256 demandId) external view returns (BlobAnswer memory) {
        return _blobAnswers[demandId];
    }

    /// @notice Demands on `jobId` neither answered nor defaulted.
    function openDemands(bytes32 jobId) external view returns (uint256) {
        return _open[jobId];
    }

    /// @notice Number of demands made so far (ids are 1..demandCount).
    function demandCount() external view returns (uint256) {
        return _count;
    }

    /// @notice Bonds credited to `account`.
    function credit(address account) external view returns (uint256) {
        return _credit[account];
    }

    /// @notice Bonds held for open demands, and credits not withdrawn (their sum is the balance).
    function totals() external view returns (uint256 bonds, uint256 credits) {
        return (_totalBonds, _totalCredit);
    }

    // --------------------------------------------------------------------------------- internals

    function _terms(uint256 bytes_) private view returns (uint96 bond, uint40 deadline) {
        (uint96 floor, uint32 clock, uint96 moveRefund) = game.parameters();
        uint256 sized = (PUBLISH_FIXED_GAS + bytes_ * PUBLISH_GAS_PER_BYTE) * moveRefund / game.MOVE_GAS();
        bond = sized > floor ? uint96(sized) : floor;
        uint256 mib = (bytes_ + (1 << 20) - 1) >> 20;
        deadline = uint40(block.timestamp + clock + mib * ANSWER_TIME_PER_MIB);
    }

    function _leafCount(JobConfig memory c) private pure returns (uint64) {
        return (c.steps + c.interval - 1) / c.interval + 1;
    }

    function _live(uint256 demandId, Phase phase) private view returns (Demand storage d) {
        d = _demands[demandId];
        if (d.phase != phase) _wrongPhase(demandId, d.phase);
        if (block.timestamp > d.deadline) revert DataAvailability_DeadlinePassed(d.deadline);
    }

    function _wrongPhase(uint256 demandId, Phase phase) private pure {
        if (phase == Phase.None) revert DataAvailability_UnknownDemand(demandId);
        revert DataAvailability_WrongPhase(phase);
    }

    function _firstUnansweredObjector(uint256 demandId) private view returns (address) {
        BlobChunk[] storage chunks = _blobChunks[demandId];
        for (uint256 i;; ++i) {
            if (chunks[i].objected && !chunks[i].answered) return chunks[i].objector;
        }
        return address(0); // unreachable: called only with an unanswered objection
    }

    function _blobChunk(uint256 demandId, uint256 chunk) private view returns (BlobChunk storage) {
        BlobChunk[] storage chunks = _blobChunks[demandId];
        if (chunk >= chunks.length) revert DataAvailability_NoSuchChunk(chunk);
        return chunks[chunk];
    }

    function _pay(address account, uint256 amount) private {
        _totalBonds -= amount;
        _totalCredit += amount;
        _credit[account] += amount;
    }
}
