// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title IStakeRegistry
/// @notice What markets and dispute games need from the stake registry: role checks, per-job
///         stake locks and slashing.
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

    /// @notice Slashes `operator`'s unlocked stake and pays `amounts[i]` to `beneficiaries[i]`.
    function slash(address operator, address[] calldata beneficiaries, uint256[] calldata amounts) external;
}
