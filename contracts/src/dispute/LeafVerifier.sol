// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {LeafEvaluator} from "./lib/LeafEvaluator.sol";
import {RowCommitment} from "./lib/RowCommitment.sol";
import {Commitments} from "./lib/Commitments.sol";
import {MlpProgram} from "./lib/MlpProgram.sol";
import {SampleGather} from "./lib/SampleGather.sol";
import {DefenderGas} from "./lib/DefenderGas.sol";
import {GraphDescriptor} from "./lib/GraphDescriptor.sol";
import {GraphVerifier} from "./GraphVerifier.sol";
import {
    OpKind,
    ProgramOp,
    Source,
    LeafContext,
    LeafReveal,
    HyperParams,
    JobConfig,
    TensorPick,
    NodeOpening
} from "../types/DisputeTypes.sol";
import {IJobMarketDisputeHook} from "../interfaces/IJobMarketDisputeHook.sol";
import {IJobValidator} from "../interfaces/IJobValidator.sol";
import {JobRequest, JobStatus} from "../types/JobTypes.sol";
import {
    DisputeGame_RootsMismatch,
    DisputeGame_JobNotCommitted,
    DisputeGame_HyperParamsMismatch,
    DisputeGame_ModelSpecMismatch,
    DisputeGame_UnsupportedConfig,
    DisputeGame_TensorOutOfRange,
    LeafVerifier_TooManyLayers,
    LeafVerifier_WidthTooLarge,
    LeafVerifier_BatchTooLarge,
    LeafVerifier_GraphJobsDisabled,
    Attestation_StepNotOpened,
    Attestation_BadProofs
} from "./lib/Errors.sol";
import {IAttestationRules} from "../interfaces/IAttestationRules.sol";

/// @title LeafVerifier
/// @notice The stateless half of the dispute game: the MLP step program (mirror of core's
///         StepProgram), state hashes over shape-bound parameter roots, the positional-tree checks
///         of the dissection (rebuild a node from its descendants, verify a path, zero subtrees),
///         the op-level pick, and the leaf check that recomputes one op element from proven input
///         rows with `LeafEvaluator`. `DisputeGame` keeps only state, clocks, bonds and settlement,
///         so it stays well under the 24 KiB code-size limit (EIP-170) and has room to grow. It
///         also holds the market's stateless rules: the job validator and the attestation checks.
contract LeafVerifier is IJobValidator, IAttestationRules {
    /// @notice At most this many layers per model (the step program and `revealStep`'s 14·L − 1
    ///         roots stay small; the dispute Types pack at most 8 widths).
    uint256 public constant MAX_LAYERS = 7;
    /// @notice Widest layer and largest batch the game can prove within one transaction: the
    ///         leaf carries at most three rows of max(B, widest layer) int32s, 12 × 10,240 =
    ///         122,880 bytes, plus two row proofs and the ABI head, under the 131,072-byte (128 KiB)
    ///         calldata limit common mempools apply; at 64 gas per byte that is < 8.2M gas, under
    ///         the 2^24 per-transaction gas cap (docs/dispute-game.md "Only settleable jobs").
    uint256 public constant MAX_LEAF_WIDTH = 10_240;
    /// @notice Levels revealed per dissection move (DisputeGame.LEVELS_PER_MOVE).
    uint256 public constant LEVELS_PER_MOVE = DefenderGas.LEVELS_PER_MOVE;

    /// @notice The op-graph half: every call on a job whose model words are a graph descriptor
    ///         (`GraphDescriptor`) is forwarded to it. Zero: this deployment takes no op-graph
    ///         jobs (the market refuses them at submission), the choice for a chain whose
    ///         verifiers and challengers do not yet check graph jobs (docs/op-graph.md).
    GraphVerifier public immutable graphs;

    constructor(GraphVerifier graphs_) {
        graphs = graphs_;
    }

    /// @notice `registration` for an op-graph job, from every node of its graph
    ///         (`GraphVerifier.registration`).
    function graphRegistration(
        IJobMarketDisputeHook market,
        JobRequest calldata request,
        HyperParams calldata hp,
        bytes[] calldata nodes
    ) external view returns (bytes32 jobId, JobConfig memory c) {
        _requireGraphs();
        return graphs.registration(market, request, hp, nodes);
    }

    /// @notice The training config of a committed job as the game stores it, checked against the
    ///         user-signed request (the job id is its EIP-712 digest), the hyper-parameters
    ///         (against hyperParamsHash) and the widths (against modelSpecHash =
    ///         keccak256("mlp:" + widths joined by "-")). Here rather than in DisputeGame to keep
    ///         the game's code small (EIP-170).
    function registration(
        IJobMarketDisputeHook market,
        JobRequest calldata request,
        HyperParams calldata hp,
        uint32[] calldata widths
    ) external view returns (bytes32 jobId, JobConfig memory c) {
        // INVARIANT: graph jobs register only from their nodes (graphRegistration).
        if (GraphDescriptor.isGraph(widths)) revert DisputeGame_UnsupportedConfig();
        jobId = market.hashJobRequest(request);
        if (market.jobStatus(jobId) != JobStatus.Committed) revert DisputeGame_JobNotCommitted(jobId);
        checkJob(request.modelSpecHash, request.hyperParamsHash, hp, widths);
        IJobMarketDisputeHook.Commitment memory cm = market.commitment(jobId);
        c.datasetRoot = request.datasetRoot;
        c.configHash = Commitments.configHash(
            request.modelSpecHash, request.datasetRoot, request.seed, hp.batch, hp.eta, cm.nSteps, cm.checkpointInterval
        );
        c.traceRoot = cm.traceRoot;
        c.finalModelHash = cm.finalModelHash;
        c.solver = cm.solver;
        c.seed = request.seed;
        c.interval = cm.checkpointInterval;
        c.steps = cm.nSteps;
        c.eta = hp.eta;
        c.datasetSize = hp.datasetSize;
        c.batch = hp.batch;
        c.defenderGas = uint64(defenderGas(widths, hp.batch, cm.nSteps, cm.checkpointInterval));
        c.widths = widths;
    }

    /// @notice Gas of any solver move but `openRow` and `proveLeaf`, calldata included: a reveal of
    ///         16 descendants, `postInterval`, `revealStep` without its roots, `resolveTimeout`.
    ///         Measured: at most ~125k (docs/dispute-game.md "Measured").
    uint256 public constant MOVE_GAS = DefenderGas.MOVE_GAS;
    /// @notice Gas per root `revealStep` posts (32 calldata bytes at the EIP-7623 floor, the event
    ///         and the state hash).
    uint256 public constant ROOT_GAS = DefenderGas.ROOT_GAS;
    /// @notice Gas per byte of a row the solver reveals (calldata at the EIP-7623 floor of 40 per
    ///         non-zero byte, event data, hashing and the dot product).
    uint256 public constant ROW_BYTE_GAS = DefenderGas.ROW_BYTE_GAS;
    /// @notice `proveLeaf` besides its rows: two row proofs, the program, the verdict and payout.
    uint256 public constant LEAF_GAS = DefenderGas.LEAF_GAS;

    /// @notice An upper bound on the gas an honest solver spends to win ONE game on a job of this
    ///         shape whatever the challenger picks: one move per 4 levels of the trace, interval
    ///         and tensor trees, `revealStep` with every root, the widest row opened and proven
    ///         with two input rows of the same width (or a dataset sample), and the closing
    ///         `resolveTimeout`. The game sizes the job's bond from it, so griefing is paid by the
    ///         griefer (docs/dispute-game.md "Adversaries").
    function defenderGas(uint32[] calldata widths, uint32 batch, uint64 steps, uint16 interval)
        public
        pure
        returns (uint256)
    {
        uint256 widest = batch;
        for (uint256 i; i < widths.length; ++i) {
            if (widths[i] > widest) widest = widths[i];
        }
        uint256 layers = widths.length - 1;
        uint256 moves = DefenderGas.dissectionMoves(steps / interval + 2)
            + DefenderGas.dissectionMoves(uint256(interval) + 1) + DefenderGas.dissectionMoves(widest) + 2;
        uint256 roots = 2 * layers + MlpProgram.opCount(layers);
        // outRow twice (openRow, proveLeaf) + two input rows; a sample adds its 128-byte header
        uint256 rowBytes = 4 * 4 * widest + 128;
        return moves * MOVE_GAS + roots * ROOT_GAS + rowBytes * ROW_BYTE_GAS + LEAF_GAS;
    }

    /// @notice keccak256(abi.encode(uint256 batch, uint256 eta, uint256 datasetSize)).
    function hyperParamsHash(HyperParams calldata hp) public pure returns (bytes32) {
        return keccak256(abi.encode(uint256(hp.batch), uint256(hp.eta), uint256(hp.datasetSize)));
    }

    /// @inheritdoc IJobValidator
    function checkJob(
        bytes32 modelSpecHash,
        bytes32 hyperParamsHash_,
        HyperParams calldata hp,
        uint32[] calldata widths
    ) public view returns (uint256 macsPerStep) {
        if (hyperParamsHash(hp) != hyperParamsHash_) revert DisputeGame_HyperParamsMismatch();
        if (GraphDescriptor.isGraph(widths)) return _checkGraphJob(hp, widths);
        macsPerStep = _checkConfig(hp, widths);
        if (_specHash(widths) != modelSpecHash) revert DisputeGame_ModelSpecMismatch();
    }

    /// @dev A graph job at submission, words [0, cost >> 32, cost & 0xffffffff]: the user's declared
    ///      work per step (`GraphCost`), which sizes the commit window. The graph itself is checked
    ///      by the solver before it claims (a graph it cannot train or prove is never claimed, and
    ///      the escrow returns to the user) and by the game when the job is registered.
    function _checkGraphJob(HyperParams calldata hp, uint32[] calldata words) private view returns (uint256) {
        _requireGraphs();
        if (words.length != 3 || hp.eta != 0 || hp.datasetSize == 0 || hp.batch == 0) {
            revert DisputeGame_UnsupportedConfig();
        }
        if (hp.batch > MAX_LEAF_WIDTH) revert LeafVerifier_BatchTooLarge(hp.batch, MAX_LEAF_WIDTH);
        return (uint256(words[1]) << 32) | words[2];
    }

    function _requireGraphs() private view {
        // INVARIANT: a deployment without a graph verifier takes no op-graph job.
        if (address(graphs) == address(0)) revert LeafVerifier_GraphJobsDisabled();
    }

    /// @dev keccak256 of `modelSpec(widths)`, written digit by digit into one buffer (a fraction of
    ///      the gas of string concatenation; `submitJob` pays it). Widths are ≤ MAX_LEAF_WIDTH
    ///      here, so each has at most 5 digits.
    function _specHash(uint32[] calldata widths) private pure returns (bytes32 h) {
        uint256 n = widths.length;
        bytes memory b = new bytes(4 + n * 6);
        uint256 len;
        unchecked {
            assembly ("memory-safe") {
                let p := add(b, 0x20)
                mstore8(p, 0x6d) // "mlp:"
                mstore8(add(p, 1), 0x6c)
                mstore8(add(p, 2), 0x70)
                mstore8(add(p, 3), 0x3a)
                len := 4
                for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                    if i {
                        mstore8(add(p, len), 0x2d) // "-"
                        len := add(len, 1)
                    }
                    let w := calldataload(add(widths.offset, mul(i, 0x20)))
                    let digits := 1
                    for { let t := w } gt(t, 9) { t := div(t, 10) } { digits := add(digits, 1) }
                    for { let d := digits } gt(d, 0) { d := sub(d, 1) } {
                        mstore8(add(p, add(len, sub(d, 1))), add(48, mod(w, 10)))
                        w := div(w, 10)
                    }
                    len := add(len, digits)
                }
                h := keccak256(p, len)
            }
        }
    }

    /// @dev The game's limits, then the multiply-accumulates of one step: forward, the input
    ///      gradient and the weight gradient, 3 · B · Σ w_{l−1} · w_l.
    function _checkConfig(HyperParams calldata hp, uint32[] calldata widths) private pure returns (uint256 macs) {
        if (widths.length < 2 || widths.length - 1 > MAX_LAYERS) {
            revert LeafVerifier_TooManyLayers(widths.length < 2 ? 0 : widths.length - 1, MAX_LAYERS);
        }
        if (hp.batch > MAX_LEAF_WIDTH) revert LeafVerifier_BatchTooLarge(hp.batch, MAX_LEAF_WIDTH);
        for (uint256 i; i < widths.length; ++i) {
            if (widths[i] > MAX_LEAF_WIDTH) revert LeafVerifier_WidthTooLarge(i, widths[i], MAX_LEAF_WIDTH);
            if (widths[i] == 0) revert DisputeGame_UnsupportedConfig();
            if (i > 0) macs += uint256(widths[i - 1]) * widths[i];
        }
        // INVARIANT: only configs core can train (MlpSpec, TrainingConfig) are disputable.
        if (
            widths[widths.length - 1] < 2 || hp.batch == 0 || hp.eta == 0 || hp.eta >= (uint256(1) << 31)
                || hp.datasetSize == 0
        ) revert DisputeGame_UnsupportedConfig();
        macs *= 3 * uint256(hp.batch);
    }

    /// @notice Root rebuilt from 2^d descendants d levels below it (children.length a power of 2).
    function rebuild(bytes32[] calldata children) external pure returns (bytes32) {
        return Commitments.rebuild(children);
    }

    /// @notice Whether `leaf` sits at `index` of the positional tree of height `height` at `root`.
    function verifyPath(bytes32 root, uint256 height, bytes32 leaf, uint256 index, bytes32[] calldata proof)
        external
        pure
        returns (bool)
    {
        return Commitments.verify(root, height, leaf, index, proof);
    }

    /// @notice Root of a subtree of height `h` made only of zero padding leaves.
    function zeroRoot(uint256 h) external pure returns (bytes32) {
        return Commitments.zeroRoot(h);
    }

    /// @notice The op-level pick: tensor `tensor` of the posted roots (params ‖ ops at a step, params
    ///         only at init), its shape, and for an op the row-tree roots its inputs are proven
    ///         against (a parameter, an earlier op's output, or the dataset root).
    function tensorPick(
        uint32[] calldata widths,
        uint32 batch,
        bool init,
        bytes32[] calldata roots,
        uint256 tensor,
        bytes32 datasetRoot,
        NodeOpening calldata opening
    ) external view returns (TensorPick memory t) {
        if (GraphDescriptor.isGraph(widths)) {
            return graphs.tensorPick(widths, init, roots, tensor, datasetRoot, opening);
        }
        uint256 params = 2 * (widths.length - 1);
        uint256 count = init ? params : MlpProgram.opCount(widths.length - 1);
        if (tensor >= count) revert DisputeGame_TensorOutOfRange(tensor, count);
        if (roots.length != (init ? params : params + count)) revert DisputeGame_RootsMismatch();
        if (init) {
            (t.rows, t.cols) = MlpProgram.paramShape(widths, tensor);
            t.root = roots[tensor];
            return t;
        }
        ProgramOp memory op = MlpProgram.build(widths, batch)[tensor];
        (t.rows, t.cols) = (op.rows, op.cols);
        t.root = roots[params + tensor];
        t.root0 = _inputRoot(op.src0, op.in0, roots, params, datasetRoot);
        t.root1 = _inputRoot(op.src1, op.in1, roots, params, datasetRoot);
    }

    function _inputRoot(Source src, uint256 id, bytes32[] calldata roots, uint256 params, bytes32 datasetRoot)
        private
        pure
        returns (bytes32)
    {
        if (src == Source.Param) return roots[id];
        if (src == Source.Op) return roots[params + id];
        if (src == Source.None) return bytes32(0);
        return datasetRoot;
    }

    /// @notice Op `index` of the step program of an MLP with `widths` and batch `batch` (mirror of
    ///         core's StepProgram.build: kinds, input sources, output shape).
    function programOp(uint32[] calldata widths, uint32 batch, uint256 index) external pure returns (ProgramOp memory) {
        return MlpProgram.build(widths, batch)[index];
    }

    /// @notice Number of ops of the step program of an MLP with `layers` layers (12·layers − 1).
    function programLength(uint256 layers) external pure returns (uint256) {
        return MlpProgram.opCount(layers);
    }

    /// @notice Trace leaf keccak(0x04 ‖ t ‖ h_t) of the state whose parameters have row-tree roots
    ///         `treeRoots` (state order; shapes bound from the widths).
    function stateLeaf(uint32[] calldata widths, uint64 step, bytes32[] calldata treeRoots)
        public
        view
        returns (bytes32)
    {
        if (GraphDescriptor.isGraph(widths)) return graphs.stateLeaf(widths, step, treeRoots);
        uint256 params = 2 * (widths.length - 1);
        if (treeRoots.length != params) revert DisputeGame_RootsMismatch();
        bytes32[] memory roots = new bytes32[](params);
        for (uint256 p; p < params; ++p) {
            (uint32 rows, uint32 cols) = MlpProgram.paramShape(widths, p);
            roots[p] = RowCommitment.tensorRoot(rows, cols, treeRoots[p]);
        }
        return Commitments.traceLeaf(step, Commitments.stateHash(step, roots));
    }

    /// @notice `revealStep`'s checks: the trace leaves of h_step (from the parameter roots) and of
    ///         h_{step+1} (from the op outputs that are the next parameters: an MLP's last 2·L ops,
    ///         a graph's parameters' next-value ops), after the root counts.
    function stepLeaves(
        uint32[] calldata widths,
        uint64 step,
        bytes32[] calldata paramRoots,
        bytes32[] calldata opRoots
    ) external view returns (bytes32 before, bytes32 after_) {
        if (GraphDescriptor.isGraph(widths)) {
            return graphs.stepLeaves(widths, step, paramRoots, opRoots);
        }
        uint256 params = 2 * (widths.length - 1);
        if (paramRoots.length != params || opRoots.length != MlpProgram.opCount(widths.length - 1)) {
            revert DisputeGame_RootsMismatch();
        }
        before = stateLeaf(widths, step, paramRoots);
        after_ = stateLeaf(widths, step + 1, opRoots[opRoots.length - params:]);
    }

    /// @notice The canonical model spec string "mlp:784-128-10" of `widths`.
    function modelSpec(uint32[] calldata widths) external pure returns (string memory s) {
        s = "mlp:";
        for (uint256 i; i < widths.length; ++i) {
            s = string.concat(s, i == 0 ? "" : "-", Strings.toString(widths[i]));
        }
    }

    /// @notice The element (row, col) of the disputed tensor recomputed from the revealed inputs:
    ///         the seed's initial parameter (init dispute), the drawn dataset sample (gather), or
    ///         the op's element function over its declared input rows, each proven against its
    ///         agreed row tree. Reverts (BadProof / BadSample) if an input is not the committed one.
    function expectedElement(LeafContext calldata ctx, LeafReveal calldata r) external view returns (int256) {
        if (GraphDescriptor.isGraph(ctx.widths)) return graphs.expectedElement(ctx, r);
        if (ctx.atInit) {
            (, uint32 cols) = MlpProgram.paramShape(ctx.widths, ctx.tensor);
            return LeafEvaluator.initialParameter(ctx.seed, ctx.tensor, ctx.row, ctx.col, cols);
        }
        ProgramOp[] memory program = MlpProgram.build(ctx.widths, ctx.batch);
        ProgramOp memory op = program[ctx.tensor];
        if (op.kind == OpKind.GatherRows) return SampleGather.element(ctx, op.src0 == Source.DataX, r);
        _checkInputs(ctx, program, op, r);
        return _evaluate(op.kind, ctx.row, ctx.col, r.in0, r.in1, ctx.eta);
    }

    /// @dev The single wiring point to the leaf evaluator.
    function _evaluate(OpKind kind, uint256 row, uint256 col, bytes calldata in0, bytes calldata in1, uint256 eta)
        private
        pure
        returns (int256)
    {
        return LeafEvaluator.element(kind, row, col, in0, in1, eta);
    }

    /// @dev The op's declared input rows (docs/fixed-point.md §6) proven against the input roots.
    function _checkInputs(
        LeafContext calldata ctx,
        ProgramOp[] memory program,
        ProgramOp memory op,
        LeafReveal calldata r
    ) private pure {
        (uint32 rows, uint32 cols) = MlpProgram.inputShape(ctx.widths, program, op.src0, op.in0);
        Commitments.requireRow(ctx.root0, rows, cols, op.kind == OpKind.Transpose ? ctx.col : ctx.row, r.in0, r.proof0);
        if (op.src1 == Source.None) return;
        (rows, cols) = MlpProgram.inputShape(ctx.widths, program, op.src1, op.in1);
        bool byCol = op.kind == OpKind.MatMul || op.kind == OpKind.AddBias;
        Commitments.requireRow(ctx.root1, rows, cols, byCol ? ctx.col : ctx.row, r.in1, r.proof1);
    }

    // ------------------------------------------------------------------------- attestations

    /// @inheritdoc IAttestationRules
    function checkOpenings(
        bytes32 stepRoot,
        uint64 steps,
        uint64[] calldata transitions,
        bytes32[] calldata before,
        bytes32[] calldata after_,
        bytes32[] calldata proofs
    ) external pure {
        uint256 d = Commitments.heightOf(uint256(steps) + 1);
        if (proofs.length != 2 * d * transitions.length || before.length != transitions.length) {
            revert Attestation_BadProofs();
        }
        if (after_.length != transitions.length) revert Attestation_BadProofs();
        for (uint256 j; j < transitions.length; ++j) {
            uint64 t = transitions[j];
            uint256 off = 2 * d * j;
            if (!_opens(stepRoot, t, before[j], proofs[off:off + d])) revert Attestation_StepNotOpened(t);
            if (!_opens(stepRoot, t + 1, after_[j], proofs[off + d:off + 2 * d])) {
                revert Attestation_StepNotOpened(t + 1);
            }
        }
    }

    /// @inheritdoc IAttestationRules
    function attestationHash(uint64[] calldata transitions, bytes32[] calldata before, bytes32[] calldata after_)
        external
        pure
        returns (bytes32)
    {
        bytes32[] memory hashes = new bytes32[](transitions.length);
        for (uint256 j; j < transitions.length; ++j) {
            hashes[j] = _transitionHash(transitions[j], before[j], after_[j]);
        }
        return keccak256(abi.encodePacked(hashes));
    }

    /// @inheritdoc IAttestationRules
    function confirms(
        bytes32 proven,
        uint64[] calldata transitions,
        bytes32[] calldata before,
        bytes32[] calldata after_
    ) external pure returns (bool) {
        if (proven == bytes32(0)) return false;
        for (uint256 j; j < transitions.length; ++j) {
            if (_transitionHash(transitions[j], before[j], after_[j]) == proven) return true;
        }
        return false;
    }

    /// @dev Whether state hash `h` at `step` is leaf `step` of the step tree rooted at `root`.
    function _opens(bytes32 root, uint64 step, bytes32 h, bytes32[] calldata path) private pure returns (bool) {
        return RowCommitment.rootFromProof(Commitments.traceLeaf(step, h), step, path) == root;
    }

    /// @dev keccak256(abi.encode(step, L_step, L_step+1)) of a transition's state hashes.
    function _transitionHash(uint64 step, bytes32 before, bytes32 after_) private pure returns (bytes32) {
        return keccak256(abi.encode(step, Commitments.traceLeaf(step, before), Commitments.traceLeaf(step + 1, after_)));
    }
}
