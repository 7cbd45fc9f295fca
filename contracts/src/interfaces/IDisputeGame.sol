// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ClaimKind, TreeKind, Side, Outcome} from "../types/DisputeTypes.sol";

/// @title IDisputeGame
/// @notice Events of {DisputeGame}, the bisection game over a committed training trace. Its custom
///         errors (`DisputeGame_*`) are file-level in `dispute/lib/Errors.sol` because LeafVerifier
///         and the dispute libraries raise them too; declaring them here would add errors the game
///         never raises to its ABI.
interface IDisputeGame {
    /// @notice Emitted when the owner sets the bond floor and the chess clock (also at deployment).
    /// @param bond The bond floor a challenger posts.
    /// @param clock Each side's total time to move, in seconds.
    event ParametersSet(uint96 bond, uint32 clock);

    /// @notice Emitted when the owner sets the per-move gas refund (also at deployment).
    /// @param moveRefund The refund per move paid from a losing bond.
    event MoveRefundSet(uint96 moveRefund);

    /// @notice Emitted when a committed job is registered with the game (its config fixed, its bond sized).
    /// @param jobId The job.
    /// @param configHash The hash of the job's game configuration.
    /// @param widths The model's layer widths.
    event JobRegistered(bytes32 indexed jobId, bytes32 configHash, uint32[] widths);

    /// @notice An op-graph job's nodes, as registered (`registerGraphJob`): what a reader needs to
    ///         name the op a game is about (the game keeps only the graph's descriptor).
    /// @param jobId The job.
    /// @param nodes Every node's canonical encoding, node i at index i (docs/op-graph.md).
    event GraphJobNodes(bytes32 indexed jobId, bytes[] nodes);

    /// @notice Emitted when a challenger opens a game on a job (freezing it).
    /// @param gameId The new game's id.
    /// @param jobId The challenged job.
    /// @param challenger The caller, who posted the bond.
    /// @param kind What the challenger disputes (INIT, TRANSITION or MODEL).
    /// @param bond The posted bond.
    /// @param clock Each side's time to move in this game.
    event GameOpened(
        uint256 indexed gameId,
        bytes32 indexed jobId,
        address indexed challenger,
        ClaimKind kind,
        uint96 bond,
        uint32 clock
    );

    /// @notice Emitted when the solver reveals the trace tree root bound to its committed trace root.
    /// @param gameId The game.
    /// @param treeRoot The trace tree's root.
    /// @param leafCount The number of leaves of the trace tree.
    event TraceRevealed(uint256 indexed gameId, bytes32 treeRoot, uint64 leafCount);

    /// @notice Emitted when the solver reveals the descendants of the current node in a dissection.
    /// @param gameId The game.
    /// @param tree The tree being dissected.
    /// @param height The current node's height.
    /// @param index The current node's index at that height.
    /// @param children The revealed descendants.
    event ChildrenRevealed(uint256 indexed gameId, TreeKind tree, uint8 height, uint64 index, bytes32[] children);

    /// @notice Emitted when the challenger picks the descendant it disagrees with (or it is forced).
    /// @param gameId The game.
    /// @param tree The tree being dissected.
    /// @param child The picked descendant's position among the revealed ones.
    /// @param height The new current node's height.
    /// @param index The new current node's index at that height.
    event ChildPicked(uint256 indexed gameId, TreeKind tree, uint256 child, uint8 height, uint64 index);

    /// @notice Emitted when the solver posts the disputed step interval of a trace leaf.
    /// @param gameId The game.
    /// @param firstStep The interval's first step.
    /// @param lastStep The interval's last step.
    /// @param intervalRoot The root of the interval's step tree (zero for a single step).
    event IntervalPosted(uint256 indexed gameId, uint64 firstStep, uint64 lastStep, bytes32 intervalRoot);

    /// @notice Emitted when the solver reveals the tensor roots of a state.
    /// @param gameId The game.
    /// @param step The state's step.
    /// @param init True for the initial parameters (INIT claims).
    /// @param paramRoots The row-tree root of every parameter tensor.
    /// @param opRoots The row-tree root of every op output of the step (empty for the initial state).
    event StateRevealed(uint256 indexed gameId, uint64 step, bool init, bytes32[] paramRoots, bytes32[] opRoots);

    /// @notice Emitted when the challenger picks the op output or parameter tensor it disputes.
    /// @param gameId The game.
    /// @param tensor The tensor's index.
    /// @param rows The tensor's number of rows.
    /// @param cols The tensor's number of columns.
    event TensorPicked(uint256 indexed gameId, uint16 tensor, uint32 rows, uint32 cols);

    /// @notice Emitted when the solver opens the disputed row of the picked tensor.
    /// @param gameId The game.
    /// @param row The row's index.
    /// @param data The row (packed big-endian int32 elements).
    event RowOpened(uint256 indexed gameId, uint32 row, bytes data);

    /// @notice Emitted when the challenger picks the disputed element of the opened row.
    /// @param gameId The game.
    /// @param col The element's column.
    event ColumnPicked(uint256 indexed gameId, uint32 col);

    /// @notice Emitted when the leaf check recomputes the disputed element on-chain.
    /// @param gameId The game.
    /// @param expected The value the rule computes from the proven inputs.
    /// @param claimed The value the solver committed.
    event LeafChecked(uint256 indexed gameId, int256 expected, int256 claimed);

    /// @notice Emitted when a game ends.
    /// @param gameId The game.
    /// @param jobId The game's job.
    /// @param winner The winning side.
    /// @param outcome How the game ended.
    event GameResolved(uint256 indexed gameId, bytes32 indexed jobId, Side winner, Outcome outcome);

    /// @notice Emitted when an account withdraws its credited bonds and refunds.
    /// @param account The credited account (the caller).
    /// @param to The recipient of the tokens.
    /// @param amount The amount paid.
    event Withdrawn(address indexed account, address to, uint256 amount);
}
