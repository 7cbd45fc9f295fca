// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title IStakeRegistry
/// @notice What markets need from the stake registry: role checks, per-job stake locks (the only
///         way stake is ever slashed) and the verifier set verifiers are drawn from.
interface IStakeRegistry {
    /// @notice Emitted when an operator adds to its active stake.
    /// @param operator The staking operator.
    /// @param amount The amount added.
    /// @param active The operator's active stake afterwards.
    event Staked(address indexed operator, uint256 amount, uint256 active);

    /// @notice Emitted when an operator moves free active stake to unbonding (restarting the clock).
    /// @param operator The operator.
    /// @param amount The amount moved to unbonding.
    /// @param unbonding The operator's total unbonding amount afterwards.
    /// @param unbondingEnd The time from which the unbonding amount can be withdrawn.
    event UnstakeRequested(address indexed operator, uint256 amount, uint256 unbonding, uint64 unbondingEnd);

    /// @notice Emitted when an operator withdraws its unbonded stake.
    /// @param operator The operator.
    /// @param to The recipient of the tokens.
    /// @param amount The amount paid.
    event Withdrawn(address indexed operator, address indexed to, uint256 amount);

    /// @notice Emitted when an operator sets its roles and metadata.
    /// @param operator The operator.
    /// @param roles The role bits (ROLE_SOLVER | ROLE_VERIFIER | ROLE_CHALLENGER).
    /// @param endpoint The operator's service endpoint.
    /// @param pricePerStep The operator's advertised price per training step.
    /// @param pricePerInferenceUnit The operator's advertised price per inference unit.
    event OperatorUpdated(
        address indexed operator, uint8 roles, string endpoint, uint128 pricePerStep, uint128 pricePerInferenceUnit
    );

    /// @notice Emitted when a market locks part of an operator's free active stake.
    /// @param market The locking market (the lock is scoped to it).
    /// @param lockId The market's id of the lock.
    /// @param operator The operator whose stake is locked.
    /// @param amount The locked amount.
    event StakeLocked(address indexed market, bytes32 indexed lockId, address indexed operator, uint256 amount);

    /// @notice Emitted when a market ends one of its locks, slashing part of it or none.
    /// @param market The market that held the lock.
    /// @param lockId The market's id of the lock.
    /// @param operator The operator whose stake was locked.
    /// @param unlocked The amount returned to the operator's free active stake.
    /// @param slashed The amount taken from the operator.
    /// @param recipient The recipient of the slashed amount.
    event LockReleased(
        address indexed market,
        bytes32 indexed lockId,
        address indexed operator,
        uint256 unlocked,
        uint256 slashed,
        address recipient
    );

    /// @notice Emitted when an operator starts to qualify as a verifier (ROLE_VERIFIER and the
    ///         minimum active stake).
    /// @param operator The operator.
    /// @param entry The operator's entry in the verifier set.
    /// @param sinceBlock The block from which it qualifies.
    event VerifierQualified(address indexed operator, uint256 entry, uint64 sinceBlock);

    /// @notice Emitted when a qualified verifier stops qualifying (role dropped, unstaked or slashed
    ///         below the minimum).
    /// @param operator The operator.
    event VerifierDisqualified(address indexed operator);

    /// @notice Reverted when a stake, unstake or lock amount is zero.
    error StakeRegistry_ZeroAmount();

    /// @notice Reverted when an unstake or a lock asks for more than the operator's free
    ///         (active minus locked) stake.
    /// @param requested The requested amount.
    /// @param free The operator's free stake.
    error StakeRegistry_InsufficientFreeStake(uint256 requested, uint256 free);

    /// @notice Reverted when an operator withdraws with nothing unbonding.
    error StakeRegistry_NothingUnbonding();

    /// @notice Reverted when an operator withdraws before its unbonding ends.
    /// @param unbondingEnd The time from which the withdrawal is allowed.
    error StakeRegistry_StillUnbonding(uint64 unbondingEnd);

    /// @notice Reverted when role bits outside ROLE_SOLVER | ROLE_VERIFIER | ROLE_CHALLENGER are set.
    /// @param roles The offered role bits.
    error StakeRegistry_InvalidRoles(uint8 roles);

    /// @notice Reverted when an operator's endpoint is longer than MAX_ENDPOINT_LENGTH bytes.
    /// @param length The endpoint's length in bytes.
    error StakeRegistry_EndpointTooLong(uint256 length);

    /// @notice Reverted when the calling market reuses one of its live lock ids.
    /// @param lockId The lock id.
    error StakeRegistry_LockExists(bytes32 lockId);

    /// @notice Reverted when the calling market releases a lock it does not hold.
    /// @param lockId The lock id.
    error StakeRegistry_UnknownLock(bytes32 lockId);

    /// @notice Reverted when a release slashes more than the lock holds.
    /// @param slashAmount The requested slash.
    /// @param locked The lock's amount.
    error StakeRegistry_SlashExceedsLock(uint256 slashAmount, uint256 locked);

    /// @notice Reverted when a required address (token, admin, withdrawal or slash recipient) is zero.
    error StakeRegistry_ZeroAddress();

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
