// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {JobRequest, JobStatus} from "../types/JobTypes.sol";

/// @title IJobMarketDisputeHook
/// @notice The JobMarket surface a dispute game plays against. Only accounts holding the
///         market's DISPUTE_GAME_ROLE may call the three mutating functions.
/// @dev Lifecycle seen by a game: `freeze` when a dispute opens (inside the challenge window, job
///      Committed), then exactly one of `unfreeze` (the challenge failed, or the job was already
///      settled by another game) or `settleCheated` (the solver lost). A game can only unfreeze or
///      settle disputes it opened itself.
interface IJobMarketDisputeHook {
    /// @notice The job's commitment as the dispute game needs it.
    struct Commitment {
        address solver;
        address user;
        bytes32 traceRoot;
        bytes32 finalModelHash;
        uint64 nSteps;
        uint16 checkpointInterval;
        uint40 commitBlock;
        uint40 challengeDeadline;
        uint96 collateral;
    }

    /// @notice Opens one dispute on `jobId`: finalize is blocked until every dispute is closed.
    function freeze(bytes32 jobId) external;

    /// @notice Closes one dispute the caller opened on `jobId` without a slash: the challenge
    ///         failed, or another game already proved the cheat (then `challenger` is credited its
    ///         share and the refund of its `moves`).
    function unfreeze(bytes32 jobId, address challenger, uint256 moves) external;

    /// @notice Closes one dispute the caller opened on `jobId` as won by `challenger`, who made
    ///         `moves` of the `totalMoves` challenger moves in the games open on the job: the
    ///         solver's locked collateral is slashed and split between the user, the open games'
    ///         challengers (equal reward shares plus move refunds at up to `moveRefund` each) and
    ///         the treasury. `provenTransition` is keccak256(abi.encode(uint64 step, bytes32 L_step,
    ///         bytes32 claimed L_step+1)), L_s = keccak(0x04 ‖ s ‖ h_s) the per-step trace leaf,
    ///         of the transition the game proved wrong, or zero when the
    ///         cheat was not proven at a transition (a timeout, padding, the initial state): the
    ///         attesters that confirmed exactly that transition lose their bond.
    function settleCheated(
        bytes32 jobId,
        address challenger,
        uint256 moves,
        uint256 totalMoves,
        uint256 moveRefund,
        bytes32 provenTransition
    ) external;

    /// @notice The commitment of `jobId` (zeroes before commit).
    function commitment(bytes32 jobId) external view returns (Commitment memory);

    /// @notice The job's current status.
    function jobStatus(bytes32 jobId) external view returns (JobStatus);

    /// @notice The EIP-712 digest of `request` under this market's domain, which is the job id: a
    ///         game checks request fields revealed in calldata (model spec, dataset root, seed,
    ///         hyper-parameters) by recomputing it.
    function hashJobRequest(JobRequest calldata request) external view returns (bytes32);
}
