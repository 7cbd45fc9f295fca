// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {LeafEvaluator} from "./lib/LeafEvaluator.sol";
import {RowCommitment} from "./lib/RowCommitment.sol";
import {Commitments} from "./lib/Commitments.sol";
import {MlpProgram} from "./lib/MlpProgram.sol";
import {OpKind, ProgramOp, Source, LeafContext, LeafReveal, HyperParams, JobConfig} from "./lib/Types.sol";
import {IJobMarketDisputeHook} from "../interfaces/IJobMarketDisputeHook.sol";
import {JobRequest, JobStatus} from "../interfaces/JobTypes.sol";
import {
    DisputeGame_BadProof,
    DisputeGame_BadSample,
    DisputeGame_RootsMismatch,
    DisputeGame_JobNotCommitted,
    DisputeGame_HyperParamsMismatch,
    DisputeGame_ModelSpecMismatch,
    DisputeGame_UnsupportedConfig
} from "./lib/Errors.sol";

/// @title LeafVerifier
/// @notice The stateless half of the dispute game: the MLP step program (mirror of core's
///         StepProgram), state hashes over shape-bound parameter roots, and the leaf check that
///         recomputes one op element from proven input rows with `LeafEvaluator`. A separate
///         contract only so `DisputeGame` stays under the 24 KiB code-size limit (EIP-170).
contract LeafVerifier {
    /// @notice At most this many widths (7 layers) per model.
    uint256 public constant MAX_WIDTHS = 8;
    /// @notice Widest layer core accepts (MlpSpec.MAX_WIDTH).
    uint256 public constant MAX_WIDTH = 1 << 16;

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
        jobId = market.hashJobRequest(request);
        if (market.jobStatus(jobId) != JobStatus.Committed) revert DisputeGame_JobNotCommitted(jobId);
        if (hyperParamsHash(hp) != request.hyperParamsHash) revert DisputeGame_HyperParamsMismatch();
        _checkConfig(hp, widths);
        if (keccak256(bytes(this.modelSpec(widths))) != request.modelSpecHash) revert DisputeGame_ModelSpecMismatch();
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
        c.widths = widths;
    }

    /// @notice keccak256(abi.encode(uint256 batch, uint256 eta, uint256 datasetSize)).
    function hyperParamsHash(HyperParams calldata hp) public pure returns (bytes32) {
        return keccak256(abi.encode(uint256(hp.batch), uint256(hp.eta), uint256(hp.datasetSize)));
    }

    function _checkConfig(HyperParams calldata hp, uint32[] calldata widths) private pure {
        bool ok = widths.length >= 2 && widths.length <= MAX_WIDTHS && widths[widths.length - 1] >= 2
            && hp.batch >= 1 && hp.batch <= MAX_WIDTH && hp.eta >= 1 && hp.eta < (uint256(1) << 31)
            && hp.datasetSize >= 1;
        for (uint256 i; ok && i < widths.length; ++i) {
            ok = widths[i] >= 1 && widths[i] <= MAX_WIDTH;
        }
        // INVARIANT: only configs core can train (MlpSpec, TrainingConfig) are disputable.
        if (!ok) revert DisputeGame_UnsupportedConfig();
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

    /// @notice Shape of initial parameter `tensor` (init) or of op `tensor`'s output.
    function tensorShape(uint32[] calldata widths, uint32 batch, bool init, uint256 tensor)
        external
        pure
        returns (uint32 rows, uint32 cols)
    {
        if (init) return MlpProgram.paramShape(widths, tensor);
        ProgramOp memory op = MlpProgram.build(widths, batch)[tensor];
        return (op.rows, op.cols);
    }

    /// @notice Trace leaf keccak(0x04 ‖ t ‖ h_t) of the state whose parameters have row-tree roots
    ///         `treeRoots` (state order; shapes bound from the widths).
    function stateLeaf(uint32[] calldata widths, uint64 step, bytes32[] calldata treeRoots)
        external
        pure
        returns (bytes32)
    {
        uint256 params = 2 * (widths.length - 1);
        if (treeRoots.length != params) revert DisputeGame_RootsMismatch();
        bytes32[] memory roots = new bytes32[](params);
        for (uint256 p; p < params; ++p) {
            (uint32 rows, uint32 cols) = MlpProgram.paramShape(widths, p);
            roots[p] = RowCommitment.tensorRoot(rows, cols, treeRoots[p]);
        }
        return Commitments.traceLeaf(step, Commitments.stateHash(step, roots));
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
    function expectedElement(LeafContext calldata ctx, LeafReveal calldata r) external pure returns (int256) {
        if (ctx.atInit) {
            (, uint32 cols) = MlpProgram.paramShape(ctx.widths, ctx.tensor);
            return LeafEvaluator.initialParameter(ctx.seed, ctx.tensor, ctx.row, ctx.col, cols);
        }
        ProgramOp[] memory program = MlpProgram.build(ctx.widths, ctx.batch);
        ProgramOp memory op = program[ctx.tensor];
        if (op.kind == OpKind.GatherRows) return _gatherElement(ctx, op.src0 == Source.DataX, r);
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
        _checkInput(rows, cols, op.kind == OpKind.Transpose ? ctx.col : ctx.row, r.in0, r.proof0, ctx.root0);
        if (op.src1 == Source.None) return;
        (rows, cols) = MlpProgram.inputShape(ctx.widths, program, op.src1, op.in1);
        bool byCol = op.kind == OpKind.MatMul || op.kind == OpKind.AddBias;
        _checkInput(rows, cols, byCol ? ctx.col : ctx.row, r.in1, r.proof1, ctx.root1);
    }

    function _checkInput(
        uint32 rows,
        uint32 cols,
        uint256 index,
        bytes calldata data,
        bytes32[] calldata proof,
        bytes32 treeRoot
    ) private pure {
        // INVARIANT: every input row is the committed row of an agreed tensor.
        if (data.length != uint256(cols) * 4 || index >= rows) revert DisputeGame_BadProof();
        bytes32 leaf = RowCommitment.rowLeaf(uint32(index), data);
        if (!Commitments.verify(treeRoot, Commitments.heightOf(rows), leaf, index, proof)) {
            revert DisputeGame_BadProof();
        }
    }

    /// @dev X[r][c] = features[c] / Y[r][0] = label of sample idx(seed, step, r) mod N, the sample
    ///      abi.encode(index, label, features) proven against datasetRoot (OZ StandardMerkleTree).
    function _gatherElement(LeafContext calldata ctx, bool features, LeafReveal calldata r)
        private
        pure
        returns (int256)
    {
        bytes calldata s = r.in0;
        // INVARIANT: the sample is the drawn one, canonically encoded, and committed by datasetRoot.
        if (s.length < 128 || uint256(bytes32(s[64:96])) != 96) revert DisputeGame_BadSample();
        uint256 len = uint256(bytes32(s[96:128]));
        if (s.length < 128 + len) revert DisputeGame_BadSample();
        if (uint256(bytes32(s[0:32])) != LeafEvaluator.batchIndex(ctx.seed, ctx.step, ctx.row, ctx.datasetSize)) {
            revert DisputeGame_BadSample();
        }
        bytes32 leaf = keccak256(bytes.concat(keccak256(s)));
        if (!MerkleProof.verifyCalldata(r.proof0, ctx.datasetRoot, leaf)) revert DisputeGame_BadSample();
        if (features) return LeafEvaluator.gatherRows(s[128:128 + len], ctx.col);
        uint256 label = uint256(bytes32(s[32:64]));
        return label > uint256(type(int256).max) ? type(int256).min : int256(label);
    }
}
