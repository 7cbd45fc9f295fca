// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Ownable2Step, Ownable} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IJobMarketDisputeHook} from "../interfaces/IJobMarketDisputeHook.sol";
import {IDisputeGame} from "../interfaces/IDisputeGame.sol";
import {JobRequest, JobStatus} from "../types/JobTypes.sol";
import {LeafVerifier} from "./LeafVerifier.sol";
import {FixedPoint} from "./lib/FixedPoint.sol";
import {RowCommitment} from "./lib/RowCommitment.sol";
import {Commitments} from "./lib/Commitments.sol";
import {GameLayout, IGameWords} from "./lib/GameLayout.sol";
import {
    ClaimKind,
    Phase,
    Side,
    TreeKind,
    Outcome,
    TensorPick,
    HyperParams,
    JobConfig,
    Game,
    IntervalReveal,
    StepReveal,
    LeafReveal,
    LeafContext,
    NodeOpening
} from "../types/DisputeTypes.sol";
import "./lib/Errors.sol";

/// @title DisputeGame
/// @notice One-sided (Truebit-style) dispute games over committed training jobs of the JobMarket.
///         The solver's commitments are the claims; a bonded challenger only points at where they
///         go wrong, level by level, until the contract recomputes ONE fixed-point element:
///         1. step level: 16-ary dissection of the committed trace tree (the solver reveals the
///            descendants 4 levels down, the challenger picks the first disagreeing one), then of
///            an on-demand tree over the per-step leaves of the disputed checkpoint interval;
///         2. op level: the solver posts every op output root of the disputed step, bound to h_i
///            and h_{i+1}; the challenger names the first wrong op;
///         3. element level: 16-ary dissection of that op's row tree down to one row, which the
///            solver opens; the challenger names the wrong column;
///         4. leaf: the solver proves the op's input rows and the contract recomputes the element
///            with `LeafEvaluator`. Mismatch: the solver lied. Match: the challenger was wrong.
///         Each side has a chess clock; whoever runs out loses (`resolveTimeout`). Many games
///         may run on one job; each freezes it through the market's dispute hook while open.
/// @dev Storage reuse per level: `node` is the current dissection node or leaf; `slotA` holds the
///      predecessor subtree (step levels), then input 0's row-tree root (leaf); `slotB` holds the
///      hash of the posted roots, then input 1's row-tree root. See docs/dispute-game.md "Game".
contract DisputeGame is IDisputeGame, IGameWords, Ownable2Step, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Levels revealed per dissection move: 2^4 = 16 descendants.
    uint256 public constant LEVELS_PER_MOVE = 4;

    /// @notice The gas `moveRefund` pays for: the reference cost of one challenger move (more than
    ///         the largest, `open` at ~273k). Bonds are priced at the same rate.
    uint256 public constant MOVE_GAS = 300_000;

    uint8 private constant NO_PRED = type(uint8).max;

    /// @notice The market whose dispute hook this contract plays (needs its DISPUTE_GAME_ROLE).
    IJobMarketDisputeHook public immutable market;
    /// @notice The bond token (the market token).
    IERC20 public immutable token;
    /// @notice The stateless program / leaf checker.
    LeafVerifier public immutable verifier;

    uint96 private _bond;
    uint32 private _clock;
    uint96 private _moveRefund;
    uint256 private _gameCount;
    uint256 private _totalBonds;
    uint256 private _totalCredit;
    mapping(bytes32 jobId => JobConfig) private _jobs;
    mapping(uint256 gameId => Game) private _games;
    mapping(address account => uint256) private _credit;
    /// @dev Challenger moves (opens included) of the job's unresolved games.
    mapping(bytes32 jobId => uint256) private _openMoves;
    /// @dev The job's cheat was proven by one of its games: the others can only close.
    mapping(bytes32 jobId => bool) private _proven;
    /// @dev The disputed transition of a game at the op level: keccak256(abi.encode(uint64 step,
    ///      bytes32 L_step, bytes32 claimed L_step+1)) over per-step trace leaves, reported to the
    ///      market if the game proves it wrong, so the verifiers that attested it lose their bond.
    mapping(uint256 gameId => bytes32) private _transition;

    /// @param market_ the JobMarket (dispute hook)
    /// @param token_ the market token, in which bonds are paid
    /// @param admin becomes the owner (sets bond, clock and move refund)
    /// @param bond_ the challenger's bond per game
    /// @param clock_ each side's chess-clock budget per game, in seconds
    /// @param moveRefund_ refund per challenger move of a proven cheat (see `setMoveRefund`); set
    ///        here so a deployment can hand ownership straight to a timelock
    /// @param verifier_ the LeafVerifier (program, state hashes, leaf check)
    constructor(
        IJobMarketDisputeHook market_,
        IERC20 token_,
        address admin,
        uint96 bond_,
        uint32 clock_,
        uint96 moveRefund_,
        LeafVerifier verifier_
    ) Ownable(admin) {
        if (
            address(market_) == address(0) || address(token_) == address(0) || admin == address(0) || clock_ == 0
                || address(verifier_) == address(0)
        ) {
            revert DisputeGame_InvalidParameters();
        }
        market = market_;
        token = token_;
        verifier = verifier_;
        _bond = bond_;
        _clock = clock_;
        _moveRefund = moveRefund_;
        emit ParametersSet(bond_, clock_);
        emit MoveRefundSet(moveRefund_);
    }

    // ------------------------------------------------------------------------------------ admin

    /// @notice Sets the refund per challenger move (token units) paid out of a proven cheat's
    ///         collateral: the cost of MOVE_GAS gas at the reference gas price, in tokens. Jobs
    ///         registered from now on size their bond at the same rate
    ///         (docs/dispute-game.md "Adversaries").
    function setMoveRefund(uint96 moveRefund_) external onlyOwner {
        _moveRefund = moveRefund_;
        emit MoveRefundSet(moveRefund_);
    }

    /// @notice Sets the bond floor of jobs registered from now on and the clock budget of games
    ///         opened from now on.
    function setParameters(uint96 bond_, uint32 clock_) external onlyOwner {
        if (clock_ == 0) revert DisputeGame_InvalidParameters();
        _bond = bond_;
        _clock = clock_;
        emit ParametersSet(bond_, clock_);
    }

    // ---------------------------------------------------------------------------------- opening

    /// @notice Records a committed job's training config once, from the user-signed request (checked
    ///         against the job id), the hyper-parameters (checked against hyperParamsHash) and the
    ///         layer widths (checked against modelSpecHash = keccak256("mlp:" + widths joined by "-")).
    ///         Anyone may call it; every game on the job then uses it.
    function registerJob(JobRequest calldata request, HyperParams calldata hp, uint32[] calldata widths)
        external
        returns (bytes32 jobId)
    {
        JobConfig memory c;
        (jobId, c) = verifier.registration(market, request, hp, widths);
        _register(jobId, c);
    }

    /// @notice `registerJob` for a job whose modelSpecHash is the root of a committed op graph,
    ///         from every node of the graph (docs/op-graph.md); the game stores the graph's
    ///         descriptor (parameter shapes and next-value ops, counts, root) as its model words.
    function registerGraphJob(JobRequest calldata request, HyperParams calldata hp, bytes[] calldata nodes)
        external
        returns (bytes32 jobId)
    {
        JobConfig memory c;
        (jobId, c) = verifier.graphRegistration(market, request, hp, nodes);
        _register(jobId, c);
        emit GraphJobNodes(jobId, nodes);
    }

    function _register(bytes32 jobId, JobConfig memory c) private {
        if (_jobs[jobId].traceRoot != bytes32(0)) revert DisputeGame_JobAlreadyRegistered(jobId);
        // INVARIANT: a game's bond covers the honest solver's worst-case gas at the reference price.
        uint256 sized = uint256(c.defenderGas) * _moveRefund / MOVE_GAS;
        c.bond = sized > _bond ? SafeCast.toUint96(sized) : _bond;
        _jobs[jobId] = c;
        emit JobRegistered(jobId, c.configHash, c.widths);
    }

    /// @notice Opens a game against a registered job inside its challenge window, taking the bond
    ///         (approve it first) and freezing the job until the game resolves.
    function open(bytes32 jobId, ClaimKind kind) external nonReentrant returns (uint256 gameId) {
        JobConfig storage c = _jobs[jobId];
        if (c.traceRoot == bytes32(0)) revert DisputeGame_JobNotRegistered(jobId);
        if (market.jobStatus(jobId) != JobStatus.Committed) revert DisputeGame_JobNotCommitted(jobId);
        uint256 window = market.commitment(jobId).challengeDeadline;
        if (block.timestamp > window) revert DisputeGame_ChallengeWindowClosed(window);
        gameId = ++_gameCount;
        Game storage g = _games[gameId];
        g.jobId = jobId;
        g.challenger = msg.sender;
        g.solver = c.solver;
        g.kind = kind;
        g.phase = Phase.AwaitTrace;
        g.lastMoveAt = uint40(block.timestamp);
        g.solverClock = _clock;
        g.challengerClock = _clock;
        uint96 bond = c.bond;
        g.bond = bond;
        g.predHeight = NO_PRED;
        g.step = type(uint64).max;
        g.tensor = type(uint16).max;
        g.row = type(uint32).max;
        g.col = type(uint32).max;
        g.challengerMoves = 1;
        _openMoves[jobId] += 1;
        _totalBonds += bond;
        emit GameOpened(gameId, jobId, msg.sender, kind, bond, _clock);
        token.safeTransferFrom(msg.sender, address(this), bond);
        market.freeze(jobId);
    }

    // ------------------------------------------------------------------------ solver: step level

    /// @notice TRANSITION game, first solver move: reveal the trace tree root (bound to the trace
    ///         root with the config, n and K) and its descendants 4 levels down.
    function revealTrace(uint256 gameId, bytes32 treeRoot, bytes32[] calldata children) external {
        Game storage g = _enter(gameId, Phase.AwaitTrace);
        _requireKind(g, ClaimKind.Transition);
        _startTrace(g, gameId, treeRoot);
        _revealChildren(g, gameId, children);
    }

    /// @notice INIT game, first solver move: reveal the trace tree root, h_0's parameter tree
    ///         roots, and prove trace leaf 0 = keccak(0x04 ‖ 0 ‖ h_0).
    function revealInit(uint256 gameId, bytes32 treeRoot, bytes32[] calldata leaf0Proof, bytes32[] calldata paramRoots)
        external
    {
        Game storage g = _enter(gameId, Phase.AwaitTrace);
        _requireKind(g, ClaimKind.Init);
        _startTrace(g, gameId, treeRoot);
        bytes32 leaf0 = verifier.stateLeaf(_jobs[g.jobId].widths, 0, paramRoots);
        if (!verifier.verifyPath(treeRoot, g.height, leaf0, 0, leaf0Proof)) revert DisputeGame_BadProof();
        g.node = leaf0;
        g.height = 0;
        _acceptInit(g, gameId, paramRoots);
    }

    /// @notice MODEL game, the solver's only move: prove that the last trace leaf (index ⌈n/K⌉)
    ///         is keccak(0x04 ‖ n ‖ finalModelHash), i.e. the recorded model hash is h_n.
    function proveModel(uint256 gameId, bytes32 treeRoot, bytes32[] calldata lastLeafProof) external nonReentrant {
        Game storage g = _enter(gameId, Phase.AwaitTrace);
        _requireKind(g, ClaimKind.Model);
        _startTrace(g, gameId, treeRoot);
        JobConfig storage c = _jobs[g.jobId];
        bytes32 leaf = Commitments.traceLeaf(c.steps, c.finalModelHash);
        if (!verifier.verifyPath(treeRoot, g.height, leaf, g.leafCount - 1, lastLeafProof)) {
            revert DisputeGame_BadProof();
        }
        _resolve(g, gameId, false, Outcome.ModelProven);
    }

    /// @notice Dissection move (trace, interval or tensor tree): reveal the current node's
    ///         descendants min(4, height) levels down; they must rebuild the node.
    function reveal(uint256 gameId, bytes32[] calldata children) external {
        Game storage g = _enter(gameId, Phase.Reveal);
        _revealChildren(g, gameId, children);
    }

    /// @notice After the trace dissection ended at leaf L > 0: prove the agreed leaf L−1 (one proof,
    ///         the last leaf of the recorded predecessor subtree), post the root of the per-step
    ///         leaves of steps (L−1)K .. min(LK, n) with its first leaf = leaf L−1 and its last leaf
    ///         = leaf L, and reveal its descendants. An interval of one step skips to `revealStep`
    ///         (intervalRoot, firstProof, lastProof and children are then ignored).
    function postInterval(uint256 gameId, IntervalReveal calldata r) external {
        Game storage g = _enter(gameId, Phase.AwaitInterval);
        _checkPred(g, r.agreedLeaf, r.predProof);
        JobConfig storage c = _jobs[g.jobId];
        uint64 first = (g.index - 1) * c.interval;
        uint64 last = g.index * c.interval;
        if (last > c.steps) last = c.steps;
        uint64 m = last - first + 1;
        g.baseStep = first;
        if (m == 2) {
            g.slotA = r.agreedLeaf;
            g.predHeight = 0;
            g.step = first;
            g.phase = Phase.AwaitStep;
            emit IntervalPosted(gameId, first, last, bytes32(0));
            return;
        }
        uint8 h = Commitments.heightOf(m);
        if (!verifier.verifyPath(r.intervalRoot, h, r.agreedLeaf, 0, r.firstProof)) revert DisputeGame_BadProof();
        if (!verifier.verifyPath(r.intervalRoot, h, g.node, m - 1, r.lastProof)) revert DisputeGame_BadProof();
        _setTree(g, TreeKind.Interval, r.intervalRoot, h, m);
        emit IntervalPosted(gameId, first, last, r.intervalRoot);
        _revealChildren(g, gameId, r.children);
    }

    /// @notice After the trace dissection ended at leaf 0: reveal h_0's parameter tree roots.
    function revealInitState(uint256 gameId, bytes32[] calldata paramRoots) external {
        Game storage g = _enter(gameId, Phase.AwaitInitState);
        if (verifier.stateLeaf(_jobs[g.jobId].widths, 0, paramRoots) != g.node) revert DisputeGame_StateMismatch();
        _acceptInit(g, gameId, paramRoots);
    }

    // -------------------------------------------------------------------------- solver: op level

    /// @notice Disputed step i known (h_i agreed, h_{i+1} disputed): prove the agreed per-step leaf
    ///         i (one proof against the predecessor subtree), reveal h_i's parameter tree roots and
    ///         post the row-tree root of every op output of step i. The parameters must hash to
    ///         h_i and the sgd outputs (the last 2·L ops) to h_{i+1}.
    function revealStep(uint256 gameId, StepReveal calldata r) external {
        Game storage g = _enter(gameId, Phase.AwaitStep);
        _checkPred(g, r.agreedLeaf, r.predProof);
        (bytes32 before, bytes32 after_) = verifier.stepLeaves(_jobs[g.jobId].widths, g.step, r.paramRoots, r.opRoots);
        if (before != r.agreedLeaf || after_ != g.node) revert DisputeGame_StateMismatch();
        g.slotB = keccak256(abi.encodePacked(r.paramRoots, r.opRoots));
        g.phase = Phase.PickTensor;
        _transition[gameId] = keccak256(abi.encode(g.step, r.agreedLeaf, g.node));
        emit StateRevealed(gameId, g.step, false, r.paramRoots, r.opRoots);
    }

    // --------------------------------------------------------------------- solver: element level

    /// @notice The tensor dissection reached row `row()`: open it (packed big-endian int32s).
    function openRow(uint256 gameId, bytes calldata data) external {
        Game storage g = _enter(gameId, Phase.OpenRow);
        _checkOutRow(g, data);
        g.phase = Phase.PickColumn;
        emit RowOpened(gameId, g.row, data);
    }

    /// @notice The final move: the opened row again plus the op's input rows with proofs; the
    ///         contract recomputes element (row, col) and resolves the game.
    function proveLeaf(uint256 gameId, LeafReveal calldata r) external nonReentrant {
        Game storage g = _enter(gameId, Phase.ProveLeaf);
        _checkOutRow(g, r.outRow);
        int256 claimed = FixedPoint.elementAt(r.outRow, g.col);
        int256 expected = verifier.expectedElement(_leafContext(g), r);
        emit LeafChecked(gameId, expected, claimed);
        bool lied = expected != claimed;
        _resolve(g, gameId, lied, lied ? Outcome.LeafMismatch : Outcome.LeafMatch);
    }

    // ------------------------------------------------------------------------- challenger moves

    /// @notice Dissection move: pick the first descendant (of the ones just revealed, passed again)
    ///         whose hash differs from the honest one. A padding-only descendant that is not the
    ///         zero subtree wins at once; picking a pinned or canonical-padding one reverts.
    function pick(uint256 gameId, bytes32[] calldata children, uint256 child) external nonReentrant {
        Game storage g = _enter(gameId, Phase.Pick);
        uint256 d = _checkChildren(g, children);
        if (child >= children.length) revert DisputeGame_ChildOutOfRange(child, children.length);
        uint8 h = uint8(g.height - d);
        uint64 index = uint64((uint256(g.index) << d) + child);
        uint256 firstLeaf = uint256(index) << h;
        uint256 lastLeaf = firstLeaf + (uint256(1) << h) - 1;
        // INVARIANT: the interval's first leaf is the agreed trace leaf L−1.
        if (g.tree == TreeKind.Interval && lastLeaf == 0) revert DisputeGame_AgreedSegment(child);
        if (firstLeaf >= g.leafCount) {
            // INVARIANT: padding is canonical (zero leaves); a non-zero padding subtree is a lie.
            if (children[child] == verifier.zeroRoot(h)) revert DisputeGame_AgreedSegment(child);
            emit ChildPicked(gameId, g.tree, child, h, index);
            _resolve(g, gameId, true, Outcome.NonCanonicalPadding);
            return;
        }
        if (child > 0 && g.tree != TreeKind.Tensor) {
            g.slotA = children[child - 1];
            g.predHeight = h;
        }
        g.node = children[child];
        g.height = h;
        g.index = index;
        emit ChildPicked(gameId, g.tree, child, h, index);
        if (h > 0) {
            g.phase = Phase.Reveal;
        } else {
            _dissectionEnded(g);
        }
    }

    /// @notice Op level: name the first op (or, in an init dispute, parameter) whose posted root is
    ///         wrong, passing the posted roots again (params ‖ ops, as in StateRevealed).
    ///         A graph job's pick also opens the picked node (`NodeOpening.node`, `proof`; empty for
    ///         an MLP job).
    function pickTensor(uint256 gameId, bytes32[] calldata roots, uint256 tensor, NodeOpening calldata opening)
        external
    {
        Game storage g = _enter(gameId, Phase.PickTensor);
        if (keccak256(abi.encodePacked(roots)) != g.slotB) revert DisputeGame_RootsMismatch();
        JobConfig storage c = _jobs[g.jobId];
        TensorPick memory t = verifier.tensorPick(c.widths, c.batch, g.atInit, roots, tensor, c.datasetRoot, opening);
        if (!g.atInit) {
            g.slotA = t.root0;
            g.slotB = t.root1;
        }
        g.tensor = uint16(tensor);
        g.cols = t.cols;
        _setTree(g, TreeKind.Tensor, t.root, Commitments.heightOf(t.rows), t.rows);
        emit TensorPicked(gameId, uint16(tensor), t.rows, t.cols);
        if (g.height == 0) {
            _dissectionEnded(g);
        } else {
            g.phase = Phase.Reveal;
        }
    }

    /// @notice Name the column of the opened row whose value is wrong.
    function pickColumn(uint256 gameId, uint256 col) external {
        Game storage g = _enter(gameId, Phase.PickColumn);
        if (col >= g.cols) revert DisputeGame_ColumnOutOfRange(col, g.cols);
        g.col = uint32(col);
        g.phase = Phase.ProveLeaf;
        emit ColumnPicked(gameId, uint32(col));
    }

    // ------------------------------------------------------------------------------ resolutions

    /// @notice Ends a game whose side to move ran out of time: the other side wins.
    function resolveTimeout(uint256 gameId) external nonReentrant {
        Game storage g = _open(gameId);
        // INVARIANT: once another game proved the cheat, a challenger who stopped moving is not
        // timed out into losing its bond (the solver would snipe it); the game closes as settled.
        if (_proven[g.jobId]) {
            _resolve(g, gameId, true, Outcome.JobAlreadySettled);
            return;
        }
        Side mover = _mover(g.phase);
        uint256 deadline = _deadline(g, mover);
        if (block.timestamp <= deadline) revert DisputeGame_ClockRunning(deadline);
        if (mover == Side.Solver) {
            g.solverClock = 0;
            _resolve(g, gameId, true, Outcome.SolverTimedOut);
        } else {
            g.challengerClock = 0;
            _resolve(g, gameId, false, Outcome.ChallengerTimedOut);
        }
    }

    /// @notice Closes a game whose job another game already settled as cheated: the solver is
    ///         slashed already, so the bond goes back to the challenger and the job count is cleaned.
    function closeSettled(uint256 gameId) external nonReentrant {
        Game storage g = _open(gameId);
        if (market.jobStatus(g.jobId) != JobStatus.Cheated) revert DisputeGame_JobNotSettled(g.jobId);
        _resolve(g, gameId, true, Outcome.JobAlreadySettled);
    }

    /// @notice Sends the caller's credited bonds to `to`.
    function withdraw(address to) external nonReentrant {
        if (to == address(0)) revert DisputeGame_InvalidParameters();
        uint256 amount = _credit[msg.sender];
        if (amount == 0) revert DisputeGame_NothingToWithdraw();
        _credit[msg.sender] = 0;
        _totalCredit -= amount;
        emit Withdrawn(msg.sender, to, amount);
        token.safeTransfer(to, amount);
    }

    // ------------------------------------------------------------------------------------ views

    /// @notice The raw storage words of game `gameId` (all zero if never opened), decoded into a
    ///         `GameView` by `DisputeGameLens` / `GameLayout`: the game carries no view code.
    function gameWords(uint256 gameId) external view returns (bytes32[8] memory) {
        return GameLayout.words(_games[gameId]);
    }

    /// @notice The registered config of a job (traceRoot zero if not registered).
    function jobConfig(bytes32 jobId) external view returns (JobConfig memory) {
        return _jobs[jobId];
    }

    /// @notice Number of games opened so far (ids are 1..gameCount).
    function gameCount() external view returns (uint256) {
        return _gameCount;
    }

    /// @notice The bond and clock budget of games opened now.
    function parameters() external view returns (uint96 bond, uint32 clock, uint96 moveRefund) {
        return (_bond, _clock, _moveRefund);
    }

    /// @notice Bonds credited to `account`, withdrawable with `withdraw`.
    function credit(address account) external view returns (uint256) {
        return _credit[account];
    }

    /// @notice Tokens this contract owes: bonds of open games + credited bonds.
    function totalOwed() external view returns (uint256 openBonds, uint256 credited) {
        return (_totalBonds, _totalCredit);
    }

    // ----------------------------------------------------------------------------- move plumbing

    /// @dev Loads an open game, checks the caller moves in `phase`, and charges its clock.
    function _enter(uint256 gameId, Phase phase) private returns (Game storage g) {
        g = _open(gameId);
        Side mover = _mover(g.phase);
        address expected = mover == Side.Solver ? g.solver : g.challenger;
        // INVARIANT: only the side to move moves.
        if (msg.sender != expected || _mover(phase) != mover) {
            revert DisputeGame_NotYourTurn(msg.sender, uint8(g.phase));
        }
        // INVARIANT: after the proof no game moves on, so the refunded move counts are final.
        if (_proven[g.jobId]) revert DisputeGame_CheatProven(g.jobId);
        if (g.phase != phase) revert DisputeGame_WrongPhase(uint8(g.phase));
        uint256 deadline = _deadline(g, mover);
        // INVARIANT: a side whose clock ran out cannot move any more.
        if (block.timestamp > deadline) revert DisputeGame_ClockExpired(deadline);
        uint32 elapsed = uint32(block.timestamp - g.lastMoveAt);
        if (mover == Side.Solver) {
            g.solverClock -= elapsed;
        } else {
            g.challengerClock -= elapsed;
            g.challengerMoves += 1;
            _openMoves[g.jobId] += 1;
        }
        g.lastMoveAt = uint40(block.timestamp);
    }

    function _open(uint256 gameId) private view returns (Game storage g) {
        g = _games[gameId];
        if (g.jobId == bytes32(0)) revert DisputeGame_UnknownGame(gameId);
        if (g.phase == Phase.Resolved) revert DisputeGame_GameResolved(gameId);
    }

    function _mover(Phase phase) private pure returns (Side) {
        return GameLayout.mover(phase);
    }

    function _deadline(Game storage g, Side mover) private view returns (uint256) {
        return uint256(g.lastMoveAt) + (mover == Side.Solver ? g.solverClock : g.challengerClock);
    }

    function _requireKind(Game storage g, ClaimKind kind) private view {
        if (g.kind != kind) revert DisputeGame_WrongPhase(uint8(g.phase));
    }

    // ------------------------------------------------------------------------------- dissection

    function _startTrace(Game storage g, uint256 gameId, bytes32 treeRoot) private {
        JobConfig storage c = _jobs[g.jobId];
        // INVARIANT: the revealed tree is the one the committed trace root binds (config, n, K).
        if (Commitments.traceRoot(c.configHash, c.steps, c.interval, treeRoot) != c.traceRoot) {
            revert DisputeGame_TraceRootMismatch();
        }
        uint64 leaves = (c.steps + c.interval - 1) / c.interval + 1;
        _setTree(g, TreeKind.Trace, treeRoot, Commitments.heightOf(leaves), leaves);
        emit TraceRevealed(gameId, treeRoot, leaves);
    }

    function _setTree(Game storage g, TreeKind tree, bytes32 root, uint8 height, uint64 leaves) private {
        g.tree = tree;
        g.node = root;
        g.height = height;
        g.index = 0;
        g.leafCount = leaves;
        g.predHeight = tree == TreeKind.Tensor ? g.predHeight : NO_PRED;
    }

    function _revealChildren(Game storage g, uint256 gameId, bytes32[] calldata children) private {
        _checkChildren(g, children);
        g.phase = Phase.Pick;
        emit ChildrenRevealed(gameId, g.tree, g.height, g.index, children);
    }

    function _checkChildren(Game storage g, bytes32[] calldata children) private view returns (uint256 d) {
        d = g.height < LEVELS_PER_MOVE ? g.height : LEVELS_PER_MOVE;
        if (children.length != uint256(1) << d) revert DisputeGame_ChildCount(uint256(1) << d, children.length);
        // INVARIANT: revealed descendants are the committed ones (no equivocation).
        if (verifier.rebuild(children) != g.node) revert DisputeGame_ChildrenMismatch();
    }

    function _dissectionEnded(Game storage g) private {
        if (g.tree == TreeKind.Trace) {
            if (g.index == 0) {
                g.atInit = true;
                g.phase = Phase.AwaitInitState;
            } else {
                g.phase = Phase.AwaitInterval;
            }
        } else if (g.tree == TreeKind.Interval) {
            g.step = g.baseStep + g.index - 1;
            g.phase = Phase.AwaitStep;
        } else {
            g.row = uint32(g.index);
            g.phase = Phase.OpenRow;
        }
    }

    /// @dev `leaf` is the last leaf of the recorded predecessor subtree (height predHeight).
    function _checkPred(Game storage g, bytes32 leaf, bytes32[] calldata proof) private view {
        uint8 h = g.predHeight;
        // INVARIANT: the agreed leaf is the solver's committed one (one proof).
        if (h == NO_PRED || !verifier.verifyPath(g.slotA, h, leaf, (uint256(1) << h) - 1, proof)) {
            revert DisputeGame_BadProof();
        }
    }

    function _acceptInit(Game storage g, uint256 gameId, bytes32[] calldata paramRoots) private {
        g.atInit = true;
        g.step = 0;
        g.slotB = keccak256(abi.encodePacked(paramRoots));
        g.phase = Phase.PickTensor;
        emit StateRevealed(gameId, 0, true, paramRoots, new bytes32[](0));
    }

    // ------------------------------------------------------------------------------------- leaf

    function _checkOutRow(Game storage g, bytes calldata data) private view {
        // INVARIANT: the opened row is the committed leaf of the disputed row, of the op's width.
        if (data.length != uint256(g.cols) * 4 || RowCommitment.rowLeaf(g.row, data) != g.node) {
            revert DisputeGame_BadRow();
        }
    }

    function _leafContext(Game storage g) private view returns (LeafContext memory x) {
        JobConfig storage c = _jobs[g.jobId];
        x.widths = c.widths;
        x.batch = c.batch;
        x.seed = c.seed;
        x.eta = c.eta;
        x.datasetSize = c.datasetSize;
        x.datasetRoot = c.datasetRoot;
        x.atInit = g.atInit;
        x.tensor = g.tensor;
        x.step = g.step;
        x.row = g.row;
        x.col = g.col;
        x.root0 = g.slotA;
        x.root1 = g.slotB;
    }

    // ----------------------------------------------------------------------------------- config

    // ------------------------------------------------------------------------------- settlement

    /// @dev Ends the game: the winner is credited the bond (the challenger gets its own back) and
    ///      the job is settled as cheated (first winning challenger) or unfrozen.
    function _resolve(Game storage g, uint256 gameId, bool challengerWins, Outcome outcome) private {
        g.phase = Phase.Resolved;
        g.outcome = outcome;
        uint256 bond = g.bond;
        address winner = challengerWins ? g.challenger : g.solver;
        _totalBonds -= bond;
        _totalCredit += bond;
        _credit[winner] += bond;
        bytes32 jobId = g.jobId;
        emit GameResolved(gameId, jobId, challengerWins ? Side.Challenger : Side.Solver, outcome);
        uint256 moves = g.challengerMoves;
        uint256 openMoves = _openMoves[jobId];
        _openMoves[jobId] = openMoves - moves;
        if (challengerWins && !_proven[jobId] && market.jobStatus(jobId) == JobStatus.Committed) {
            _proven[jobId] = true;
            bytes32 proven = outcome == Outcome.LeafMismatch ? _transition[gameId] : bytes32(0);
            market.settleCheated(jobId, g.challenger, moves, openMoves, _moveRefund, proven);
        } else {
            market.unfreeze(jobId, g.challenger, moves);
        }
    }
}
