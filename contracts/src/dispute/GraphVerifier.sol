// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IJobMarketDisputeHook} from "../interfaces/IJobMarketDisputeHook.sol";
import {IOpEvaluator} from "../interfaces/IOpEvaluator.sol";
import {JobRequest, JobStatus} from "../types/JobTypes.sol";
import {
    OpKind,
    HyperParams,
    JobConfig,
    TensorPick,
    LeafContext,
    LeafReveal,
    NodeOpening
} from "../types/DisputeTypes.sol";
import {OpGraph, GraphNode} from "./lib/OpGraph.sol";
import {OpRows, RowQuery} from "./lib/OpRows.sol";
import {OpFamilies} from "./lib/OpFamilies.sol";
import {GraphDescriptor} from "./lib/GraphDescriptor.sol";
import {LeafEvaluator} from "./lib/LeafEvaluator.sol";
import {SampleGather} from "./lib/SampleGather.sol";
import {RowCommitment} from "./lib/RowCommitment.sol";
import {Commitments} from "./lib/Commitments.sol";
import {FixedPoint} from "./lib/FixedPoint.sol";
import {
    DisputeGame_JobNotCommitted,
    DisputeGame_HyperParamsMismatch,
    DisputeGame_ModelSpecMismatch,
    DisputeGame_UnsupportedConfig,
    DisputeGame_TensorOutOfRange,
    DisputeGame_RootsMismatch,
    GraphVerifier_BadNode,
    LeafEvaluator_UnknownOp
} from "./lib/Errors.sol";

/// @title GraphVerifier
/// @notice The op-graph half of the leaf verifier (docs/op-graph.md, docs/dispute-game.md): a job
///         whose `modelSpecHash` is the root of a committed op graph is registered from the
///         graph's nodes, its states hash over the shapes its parameter declarations give, a pick
///         opens one node with a proof, and the leaf recomputes one element of that node from its
///         declared input rows with the evaluator of the node's op family (stateless contracts
///         called with `staticcall`, fixed at deployment). `LeafVerifier` forwards here whenever
///         the stored model words are a graph descriptor (`GraphDescriptor`).
contract GraphVerifier {
    /// @notice Evaluators of the op families 1..4 (`OpFamilies`: norm, attention, conv,
    ///         optimizer); family 0, the MLP ops, is `LeafEvaluator`, compiled in.
    IOpEvaluator public immutable norm;
    IOpEvaluator public immutable attention;
    IOpEvaluator public immutable conv;
    IOpEvaluator public immutable optimizer;

    constructor(IOpEvaluator norm_, IOpEvaluator attention_, IOpEvaluator conv_, IOpEvaluator optimizer_) {
        norm = norm_;
        attention = attention_;
        conv = conv_;
        optimizer = optimizer_;
    }

    // ------------------------------------------------------------------------------ registration

    /// @notice The training config of a committed graph job, from the user-signed request, the
    ///         hyper-parameters (eta 0: step sizes are graph attributes) and every node of the graph,
    ///         whose root must be the request's `modelSpecHash`. The returned model words are the
    ///         graph descriptor the game stores.
    function registration(
        IJobMarketDisputeHook market,
        JobRequest calldata request,
        HyperParams calldata hp,
        bytes[] calldata nodes
    ) external view returns (bytes32 jobId, JobConfig memory c) {
        jobId = market.hashJobRequest(request);
        if (market.jobStatus(jobId) != JobStatus.Committed) revert DisputeGame_JobNotCommitted(jobId);
        if (
            keccak256(abi.encode(uint256(hp.batch), uint256(hp.eta), uint256(hp.datasetSize)))
                != request.hyperParamsHash
        ) {
            revert DisputeGame_HyperParamsMismatch();
        }
        if (hp.batch == 0 || hp.eta != 0 || hp.datasetSize == 0) revert DisputeGame_UnsupportedConfig();
        uint32 widest;
        (c.widths, widest) = GraphDescriptor.fromNodes(nodes);
        if (GraphDescriptor.root(c.widths) != request.modelSpecHash) revert DisputeGame_ModelSpecMismatch();
        IJobMarketDisputeHook.Commitment memory cm = market.commitment(jobId);
        c.datasetRoot = request.datasetRoot;
        c.configHash = Commitments.configHash(
            request.modelSpecHash, request.datasetRoot, request.seed, hp.batch, 0, cm.nSteps, cm.checkpointInterval
        );
        c.traceRoot = cm.traceRoot;
        c.finalModelHash = cm.finalModelHash;
        c.solver = cm.solver;
        c.seed = request.seed;
        c.interval = cm.checkpointInterval;
        c.steps = cm.nSteps;
        c.datasetSize = hp.datasetSize;
        c.batch = hp.batch;
        c.defenderGas = uint64(
            GraphDescriptor.defenderGas(
                c.widths, widest > hp.batch ? widest : hp.batch, cm.nSteps, cm.checkpointInterval
            )
        );
    }

    // ------------------------------------------------------------------------------- state, pick

    /// @notice Trace leaf of the state whose parameters have row-tree roots `treeRoots`.
    function stateLeaf(uint32[] calldata d, uint64 step, bytes32[] calldata treeRoots) external pure returns (bytes32) {
        return _stateLeaf(d, step, treeRoots);
    }

    function _stateLeaf(uint32[] calldata d, uint64 step, bytes32[] memory treeRoots) private pure returns (bytes32) {
        uint256 params = GraphDescriptor.params(d);
        if (treeRoots.length != params) revert DisputeGame_RootsMismatch();
        bytes32[] memory roots = new bytes32[](params);
        for (uint256 p; p < params; ++p) {
            (uint32 rows, uint32 cols,) = GraphDescriptor.param(d, p);
            roots[p] = RowCommitment.tensorRoot(rows, cols, treeRoots[p]);
        }
        return Commitments.traceLeaf(step, Commitments.stateHash(step, roots));
    }

    /// @notice The trace leaves of h_step (the parameter roots) and of h_{step+1} (each parameter's
    ///         next value: the op output its declaration names) from `revealStep`'s roots.
    function stepLeaves(uint32[] calldata d, uint64 step, bytes32[] calldata paramRoots, bytes32[] calldata opRoots)
        external
        pure
        returns (bytes32 before, bytes32 after_)
    {
        uint256 params = GraphDescriptor.params(d);
        if (paramRoots.length != params || opRoots.length != GraphDescriptor.ops(d)) {
            revert DisputeGame_RootsMismatch();
        }
        bytes32[] memory next = new bytes32[](params);
        for (uint256 p; p < params; ++p) {
            (,, uint32 op) = GraphDescriptor.param(d, p);
            next[p] = opRoots[op];
        }
        before = _stateLeaf(d, step, paramRoots);
        after_ = _stateLeaf(d, step + 1, next);
    }

    /// @notice The op-level pick of a graph job: the node of op `tensor` (or at init the declaration
    ///         of parameter `tensor`), opened with its proof, gives the shape; its input ids bind the
    ///         input roots (a parameter's posted root, an earlier op's posted root, the dataset root).
    function tensorPick(
        uint32[] calldata d,
        bool init,
        bytes32[] calldata roots,
        uint256 tensor,
        bytes32 datasetRoot,
        NodeOpening calldata o
    ) external pure returns (TensorPick memory t) {
        uint256 params = GraphDescriptor.params(d);
        uint256 count = init ? params : GraphDescriptor.ops(d);
        if (tensor >= count) revert DisputeGame_TensorOutOfRange(tensor, count);
        if (roots.length != (init ? params : params + count)) revert DisputeGame_RootsMismatch();
        GraphNode memory n = _open(d, _nodeId(d, init, tensor), o.node, o.proof);
        (t.rows, t.cols) = (n.rows, n.cols);
        if (init) {
            t.root = roots[tensor];
            return t;
        }
        t.root = roots[params + tensor];
        t.root0 = _inputRoot(d, n.in0, roots, datasetRoot);
        t.root1 = _inputRoot(d, n.in1, roots, datasetRoot);
    }

    // -------------------------------------------------------------------------------------- leaf

    /// @notice Element (row, col) of the disputed node recomputed from the revealed inputs: the
    ///         declared initial value (init), the drawn dataset sample (gather), or the op family's
    ///         element function over the one row of each input that `OpRows` names, each proven
    ///         against its agreed row tree with the input node's shape.
    function expectedElement(LeafContext calldata ctx, LeafReveal calldata r) external view returns (int256) {
        uint32[] calldata d = ctx.widths;
        GraphNode memory n = _open(d, _nodeId(d, ctx.atInit, ctx.tensor), r.opening.node, r.opening.proof);
        if (ctx.atInit) return _initial(ctx, n);
        // INVARIANT: only the ops of OpKind exist.
        if (n.kind > uint8(type(OpKind).max)) revert LeafEvaluator_UnknownOp(n.kind);
        if (n.kind == uint8(OpKind.GatherRows)) {
            GraphNode memory src = _open(d, n.in0, r.opening.input0, r.opening.input0Proof);
            return SampleGather.element(ctx, src.kind == GraphDescriptor.DATA_FEATURES, r);
        }
        _checkInputs(ctx, n, r);
        return _evaluate(n, ctx, r);
    }

    /// @dev The one row of each input that element (row, col) reads, proven against the input's
    ///      agreed row tree with the shape of its opened node.
    function _checkInputs(LeafContext calldata ctx, GraphNode memory n, LeafReveal calldata r) private pure {
        RowQuery memory q = _query(ctx, n, r.opening);
        (uint256 r0, uint256 r1) = OpRows.rowsRead(q);
        Commitments.requireRow(ctx.root0, q.rows0, q.cols0, r0, r.in0, r.proof0);
        if (n.in1 != GraphDescriptor.NONE) Commitments.requireRow(ctx.root1, q.rows1, q.cols1, r1, r.in1, r.proof1);
    }

    function _query(LeafContext calldata ctx, GraphNode memory n, NodeOpening calldata o)
        private
        pure
        returns (RowQuery memory q)
    {
        uint32[] calldata d = ctx.widths;
        q.kind = n.kind;
        q.row = ctx.row;
        q.col = ctx.col;
        q.attrs = _attrs(n.attrs, 0);
        GraphNode memory a = _input(d, n.in0, o.input0, o.input0Proof);
        (q.rows0, q.cols0) = (a.rows, a.cols);
        if (n.in1 != GraphDescriptor.NONE) {
            GraphNode memory b = _input(d, n.in1, o.input1, o.input1Proof);
            (q.rows1, q.cols1) = (b.rows, b.cols);
        }
    }

    /// @dev The family's element function; `adamw_update` also takes the step, as its last attribute.
    function _evaluate(GraphNode memory n, LeafContext calldata ctx, LeafReveal calldata r)
        private
        view
        returns (int256)
    {
        uint8 family = OpFamilies.familyOf(OpKind(n.kind));
        if (family == OpFamilies.MLP) {
            uint256 eta = n.kind == uint8(OpKind.SgdUpdate) && n.attrs.length > 0 ? n.attrs[0] : 0;
            return LeafEvaluator.element(OpKind(n.kind), ctx.row, ctx.col, r.in0, r.in1, eta);
        }
        bool stepped = n.kind == uint8(OpKind.AdamWUpdate);
        uint256[] memory attrs = _attrs(n.attrs, stepped ? 1 : 0);
        if (stepped) attrs[attrs.length - 1] = ctx.step;
        IOpEvaluator e = family == OpFamilies.NORM
            ? norm
            : family == OpFamilies.ATTENTION ? attention : family == OpFamilies.CONV ? conv : optimizer;
        return e.element(n.kind, ctx.row, ctx.col, r.in0, r.in1, attrs);
    }

    function _initial(LeafContext calldata ctx, GraphNode memory n) private pure returns (int256) {
        if (ctx.col >= n.cols || ctx.row >= n.rows) revert DisputeGame_TensorOutOfRange(ctx.row, n.rows);
        if (n.kind == GraphDescriptor.PARAM_ONE) return FixedPoint.ONE;
        if (n.kind != GraphDescriptor.PARAM_HE_UNIFORM) return 0;
        // INVARIANT: a he-uniform declaration carries its fan-in.
        if (n.attrs.length != 1 || n.attrs[0] == 0) revert GraphVerifier_BadNode(ctx.tensor);
        return LeafEvaluator.initWeight(ctx.seed, ctx.tensor, uint64(ctx.row) * n.cols + ctx.col, n.attrs[0]);
    }

    // ----------------------------------------------------------------------------------- helpers

    /// @dev Node id of op `tensor` (or, at init, of parameter `tensor`).
    function _nodeId(uint32[] calldata d, bool init, uint256 tensor) private pure returns (uint256) {
        return init ? tensor : GraphDescriptor.params(d) + GraphDescriptor.data(d) + tensor;
    }

    /// @dev Opens node `id` of the job's graph; reverts unless the encoding and proof are that node.
    function _open(uint32[] calldata d, uint256 id, bytes calldata encoding, bytes32[] calldata proof)
        private
        pure
        returns (GraphNode memory)
    {
        // INVARIANT: a node the game acts on is the committed node at that position.
        if (!OpGraph.verifyNode(
                GraphDescriptor.root(d),
                GraphDescriptor.params(d),
                GraphDescriptor.data(d),
                GraphDescriptor.nodes(d),
                id,
                encoding,
                proof
            )) revert GraphVerifier_BadNode(id);
        return OpGraph.decode(encoding);
    }

    /// @dev An op input: a parameter or an earlier op's output (data feeds only gathers).
    function _input(uint32[] calldata d, uint256 id, bytes calldata encoding, bytes32[] calldata proof)
        private
        pure
        returns (GraphNode memory n)
    {
        n = _open(d, id, encoding, proof);
        if (id >= GraphDescriptor.params(d) && id < GraphDescriptor.params(d) + GraphDescriptor.data(d)) {
            revert DisputeGame_UnsupportedConfig();
        }
    }

    function _inputRoot(uint32[] calldata d, uint32 id, bytes32[] calldata roots, bytes32 datasetRoot)
        private
        pure
        returns (bytes32)
    {
        if (id == GraphDescriptor.NONE) return bytes32(0);
        uint256 params = GraphDescriptor.params(d);
        if (id < params) return roots[id];
        uint256 data = GraphDescriptor.data(d);
        if (id < params + data) return datasetRoot;
        return roots[id - data];
    }

    function _attrs(uint64[] memory a, uint256 extra) private pure returns (uint256[] memory out) {
        out = new uint256[](a.length + extra);
        for (uint256 i; i < a.length; ++i) {
            out[i] = a[i];
        }
    }
}
