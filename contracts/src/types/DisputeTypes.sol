// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {HyperParams} from "./JobTypes.sol";

/// @notice The primitive ops of a training step, in the order of core's sealed
///         `io.tribunal.core.ops.Op` (`permits` list). The dispute game and the Java engine
///         name an op by this index; the order is part of the protocol.
enum OpKind {
    MatMul,
    Transpose,
    AddBias,
    Relu,
    ReluBackward,
    SoftmaxXentGrad,
    RowSum,
    SgdUpdate,
    GatherRows,
    LayerNormStats,
    LayerNormApply,
    MulColumn,
    LayerNormBackwardStats,
    LayerNormBackward,
    ConcatColumns,
    MulElementwise,
    Gelu,
    GeluBackward,
    SplitHeads,
    MergeHeads,
    BlockMatMul,
    BlockTranspose,
    ScaleBy,
    CausalSoftmax,
    SoftmaxBackward,
    Conv2d,
    Conv2dInputGrad,
    ChannelsByRow,
    Conv2dWeightGrad,
    AddChannelBias,
    MaxPool2d,
    MaxPool2dBackward,
    AvgPool2d,
    AvgPool2dBackward,
    OneHot,
    AddPositions,
    PositionGrad,
    Add,
    AdamMoment1,
    AdamMoment2,
    AdamWUpdate,
    SequenceTokens
}

// ------------------------------------------------------------------------------- dispute game
// (appended by the DisputeGame; the OpKind order above belongs to the leaf evaluator)

/// @notice What a challenger disputes when it opens a game.
/// @dev Transition: some state transition (or h_0) of the trace is wrong; the step-level dissection
///      finds the first wrong trace leaf (leaf 0 turns the game into an init dispute).
///      Init: h_0 is not the seed's initial parameters (skips the step-level dissection).
///      Model: the committed final model hash is not the last trace leaf's state hash h_n.
enum ClaimKind {
    Transition,
    Init,
    Model
}

/// @notice Where a game stands; each open phase has exactly one side to move (see `DisputeGame`).
enum Phase {
    None,
    // solver to move
    AwaitTrace, //       first solver move: revealTrace / revealInit / proveModel (by ClaimKind)
    Reveal, //           reveal the descendants of the current node (any dissection tree)
    AwaitInterval, //    trace dissection ended at leaf L > 0: postInterval
    AwaitInitState, //   trace dissection ended at leaf 0: revealInitState
    AwaitStep, //        interval dissection ended at step i: revealStep (op output roots)
    OpenRow, //          tensor dissection ended at a row: openRow
    ProveLeaf, //        column named: proveLeaf
    // challenger to move
    Pick, //             pick the first disagreeing descendant
    PickTensor, //       name the first wrong op output (or initial parameter)
    PickColumn, //       name the wrong element of the opened row
    // closed
    Resolved
}

/// @notice The two players.
enum Side {
    None,
    Solver,
    Challenger
}

/// @notice The tree a dissection runs over.
enum TreeKind {
    None,
    Trace, //    the committed trace tree (leaves h_0, h_K, ..., h_n as trace leaves)
    Interval, // per-step trace leaves of one checkpoint interval, revealed on demand
    Tensor //    the row tree of one op output (or of one initial parameter)
}

/// @notice Why a game ended.
enum Outcome {
    None,
    SolverTimedOut,
    ChallengerTimedOut,
    LeafMismatch, //       the recomputed element differs from the solver's: solver lied
    LeafMatch, //          the recomputed element equals the solver's: challenger was wrong
    NonCanonicalPadding, // a padding subtree of a solver tree is not the zero subtree
    ModelProven, //        the final model hash is the last trace leaf's state
    JobAlreadySettled //   the job was slashed by another game; bond refunded
}

/// @notice Where an input of a program op comes from.
enum Source {
    None,
    Param, // a parameter of the state h_i (index in state order)
    Op, //    an earlier op output of the same step (index in the program)
    DataX, // the training-set features (a dataset sample proven against datasetRoot)
    DataY //  the training-set labels (idem)
}

/// @notice One op of the step program (mirror of core's `StepProgram.build`).
struct ProgramOp {
    OpKind kind;
    Source src0;
    uint16 in0;
    Source src1;
    uint16 in1;
    uint32 rows;
    uint32 cols;
}

/// @notice The tensor a challenger named at the op level: its shape, its posted row-tree root and,
///         for an op, the row-tree roots of its two inputs (zero for an absent input).
struct TensorPick {
    uint32 rows;
    uint32 cols;
    bytes32 root;
    bytes32 root0;
    bytes32 root1;
}

/// @notice Everything the games on one job need, fixed when the job is registered.
struct JobConfig {
    bytes32 datasetRoot;
    bytes32 configHash;
    bytes32 traceRoot;
    bytes32 finalModelHash;
    address solver;
    uint64 seed;
    uint16 interval; // K
    uint64 steps; //    n
    uint64 eta;
    uint64 datasetSize;
    uint32 batch;
    uint96 bond; //          every game on the job posts this (DisputeGame.registerJob sizes it)
    uint64 defenderGas; //   LeafVerifier.defenderGas: the most an honest solver spends on one game
    uint32[] widths;
}

/// @notice Storage of one game. `node` is the current dissection node (or opened leaf); `slotA`
///         and `slotB` are reused per level (see DisputeGame's NatSpec).
struct Game {
    bytes32 jobId;
    address challenger;
    uint40 lastMoveAt;
    uint32 solverClock;
    ClaimKind kind;
    Phase phase;
    address solver;
    uint32 challengerClock;
    Outcome outcome;
    bool atInit;
    uint16 challengerMoves; // open + every challenger move: what a proven cheat refunds
    bytes32 node;
    bytes32 slotA;
    bytes32 slotB;
    uint96 bond;
    TreeKind tree;
    uint8 height;
    uint8 predHeight; // NO_PRED when no predecessor subtree is recorded
    uint64 index;
    uint64 leafCount;
    uint64 baseStep;
    uint64 step;
    uint16 tensor;
    uint32 row;
    uint32 col;
    uint32 cols; // width of the picked tensor (its rows are `leafCount`)
}

/// @notice A game as the engine reads it (`DisputeGame.gameView`).
struct GameView {
    bytes32 jobId;
    address challenger;
    address solver;
    ClaimKind kind;
    Phase phase;
    Side turn;
    uint256 deadline;
    uint32 solverClock;
    uint32 challengerClock;
    uint96 bond;
    Outcome outcome;
    TreeKind tree;
    bytes32 node;
    uint8 height;
    uint64 index;
    uint64 leafCount;
    uint64 baseStep;
    uint8 predHeight;
    bool atInit;
    uint64 step;
    uint16 tensor;
    uint32 row;
    uint32 col;
}

/// @notice The solver's interval reveal (`DisputeGame.postInterval`).
/// @param agreedLeaf the trace leaf L-1 (agreed), proven with `predProof` as the last leaf of the
///        recorded predecessor subtree
/// @param intervalRoot root of the positional tree over the per-step trace leaves of steps
///        (L-1)K .. min(LK, n); its first leaf is `agreedLeaf` (`firstProof`) and its last leaf
///        the disputed trace leaf L (`lastProof`)
/// @param children the descendants of `intervalRoot` min(4, height) levels down
struct IntervalReveal {
    bytes32 agreedLeaf;
    bytes32[] predProof;
    bytes32 intervalRoot;
    bytes32[] firstProof;
    bytes32[] lastProof;
    bytes32[] children;
}

/// @notice The solver's op-level reveal (`DisputeGame.revealStep`): h_i's parameter TREE roots and
///         the row-tree roots of every op output of step i (program order; the last 2·L are the
///         next state's parameters). The contract binds the shapes itself.
struct StepReveal {
    bytes32 agreedLeaf;
    bytes32[] predProof;
    bytes32[] paramRoots;
    bytes32[] opRoots;
}

/// @notice The solver's final move (`DisputeGame.proveLeaf`): the opened output row again and the
///         op's declared input rows with positional proofs against the input row trees. For a
///         gather op, `in0` is the dataset sample abi.encode(uint256 index, uint256 label, bytes
///         features) and `proof0` its OpenZeppelin proof against datasetRoot. For an init dispute
///         only `outRow` is used.
struct LeafReveal {
    bytes outRow;
    bytes in0;
    bytes32[] proof0;
    bytes in1;
    bytes32[] proof1;
    NodeOpening opening;
}

/// @notice Op-graph jobs only (empty for an MLP job): the picked node of the committed graph
///         (an op node, or at init the parameter's declaration) and, at the leaf, its input
///         nodes, each as its canonical encoding with its proof against the graph root
///         (docs/op-graph.md). Input nodes give the shapes the input rows are proven with.
struct NodeOpening {
    bytes node;
    bytes32[] proof;
    bytes input0;
    bytes32[] input0Proof;
    bytes input1;
    bytes32[] input1Proof;
}

/// @notice What `LeafVerifier.expectedElement` needs to recompute the disputed element.
struct LeafContext {
    uint32[] widths;
    uint32 batch;
    uint64 seed;
    uint64 eta;
    uint64 datasetSize;
    bytes32 datasetRoot;
    bool atInit;
    uint16 tensor;
    uint64 step;
    uint32 row;
    uint32 col;
    bytes32 root0; // row-tree root of input 0 (unused for gather / init)
    bytes32 root1; // row-tree root of input 1
}
