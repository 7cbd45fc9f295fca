// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title IStakeRegistry
/// @notice What markets need from the stake registry: role checks, per-job stake locks (the only
///         way stake is ever slashed) and the verifier set verifiers are drawn from.
interface IStakeRegistry {
    /// @notice Role bit of a solver (claims and trains jobs, serves inference).
    function ROLE_SOLVER() external view returns (uint8);

    /// @notice Role bit of a verifier (replays sampled transitions and attests).
    function ROLE_VERIFIER() external view returns (uint8);

    /// @notice Role bit of a challenger (opens disputes).
    function ROLE_CHALLENGER() external view returns (uint8);

    /// @notice True when `operator` registered every role bit in `roles` and has at least the
    ///         minimum active stake.
    function isStaked(address operator, uint8 roles) external view returns (bool);

    /// @notice Locks `amount` of `operator`'s free active stake under `lockId` (scoped to the caller).
    function lock(address operator, bytes32 lockId, uint256 amount) external;

    /// @notice Ends the caller's lock `lockId`: `slashAmount` goes to `recipient`, the rest is unlocked.
    function releaseLock(bytes32 lockId, uint256 slashAmount, address recipient) external;

    /// @notice Number of entries the verifier set had at the end of block `blockNumber` (every
    ///         account that qualified as a verifier by then, whether or not it still does).
    function verifierCountAt(uint256 blockNumber) external view returns (uint256);

    /// @notice The account of verifier-set entry `entry` (0-based, in order of first qualification).
    function verifierAt(uint256 entry) external view returns (address);

    /// @notice The block since which `operator` has qualified as a verifier (ROLE_VERIFIER and the
    ///         minimum active stake) without a break; 0 while it does not qualify.
    function verifierSince(address operator) external view returns (uint64);
}
