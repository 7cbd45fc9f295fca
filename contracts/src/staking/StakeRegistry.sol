// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {IStakeRegistry} from "../interfaces/IStakeRegistry.sol";

/// @title StakeRegistry
/// @notice Operators (solvers, verifiers, challengers) stake one ERC-20 fixed at deploy, publish
///         their metadata, and leave through an unbonding delay. Markets lock stake per job; stake
///         leaves its owner only through a market's own lock, settled by the market's rules (a
///         resolved dispute game, a missed deadline). Nothing else can take it: there is no
///         slasher role.
/// @dev Accounting per operator: `active` (bonded, includes `locked`), `locked` (reserved by markets
///      for jobs, always <= active) and `unbonding` (waiting out the delay, no longer lockable).
///      The token balance of this contract always equals the sum of `active + unbonding` over all
///      operators. Roles: DEFAULT_ADMIN_ROLE manages MARKET_ROLE (may lock, release and slash its
///      own locks).
///      The verifier set markets draw from: every account that ever qualified as a verifier
///      (ROLE_VERIFIER and at least the minimum active stake) has one entry in an append-only list,
///      whose length is checkpointed by block; `verifierSince` is the block since which an account
///      has qualified without a break (0 while it does not). A draw made from randomness revealed
///      after block b uses the list as it was at b and only accounts qualified since b or earlier,
///      so nobody can join, leave or add stake after seeing the randomness to change the draw.
contract StakeRegistry is IStakeRegistry, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using Checkpoints for Checkpoints.Trace208;

    /// @notice May lock operator stake per job and release or slash its own locks.
    bytes32 public constant MARKET_ROLE = keccak256("tribunal.stake.MARKET_ROLE");

    /// @inheritdoc IStakeRegistry
    uint8 public constant ROLE_SOLVER = 1;
    /// @inheritdoc IStakeRegistry
    uint8 public constant ROLE_VERIFIER = 2;
    /// @inheritdoc IStakeRegistry
    uint8 public constant ROLE_CHALLENGER = 4;
    uint8 private constant ALL_ROLES = ROLE_SOLVER | ROLE_VERIFIER | ROLE_CHALLENGER;
    /// @notice Longest accepted endpoint string, in bytes.
    uint256 public constant MAX_ENDPOINT_LENGTH = 256;

    struct Operator {
        uint128 active;
        uint128 locked;
        uint128 unbonding;
        uint64 unbondingEnd;
        uint8 roles;
    }

    struct Lock {
        address operator;
        uint96 amount;
    }

    /// @notice Published metadata: prices are in token base units.
    struct Metadata {
        uint8 roles;
        uint128 pricePerStep;
        uint128 pricePerInferenceUnit;
        string endpoint;
    }

    IERC20 private immutable _token;
    uint64 private immutable _unbondingDelay;
    uint128 private immutable _minStake;

    mapping(address operator => Operator) private _operators;
    mapping(address operator => Metadata) private _metadata;
    mapping(bytes32 key => Lock) private _locks;
    uint256 private _totalStaked;
    /// @dev Every account that ever qualified as a verifier, in order of first qualification.
    address[] private _verifiers;
    /// @dev Index + 1 of an account's entry in `_verifiers` (0: none).
    mapping(address operator => uint256) private _verifierEntry;
    /// @dev Block since which the account has qualified as a verifier without a break (0: not now).
    mapping(address operator => uint64) private _verifierSince;
    /// @dev Length of `_verifiers` by block.
    Checkpoints.Trace208 private _verifierCount;

    /// @param token_ the staking token (TestUSD on devnets)
    /// @param admin receives DEFAULT_ADMIN_ROLE and manages markets
    /// @param unbondingDelay_ seconds between an unstake request and the withdrawal
    /// @param minStake_ minimum active stake for `isStaked`
    constructor(IERC20 token_, address admin, uint64 unbondingDelay_, uint128 minStake_) {
        if (address(token_) == address(0) || admin == address(0)) revert StakeRegistry_ZeroAddress();
        _token = token_;
        _unbondingDelay = unbondingDelay_;
        _minStake = minStake_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------------------ operators

    /// @notice Adds `amount` tokens (pulled from the caller, who must have approved) to the caller's active stake.
    function stake(uint256 amount) external nonReentrant {
        if (amount == 0) revert StakeRegistry_ZeroAmount();
        Operator storage op = _operators[msg.sender];
        op.active += SafeCast.toUint128(amount);
        _totalStaked += amount;
        emit Staked(msg.sender, amount, op.active);
        _syncVerifier(msg.sender);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @notice Moves `amount` of the caller's free (unlocked) active stake into unbonding and
    ///         restarts the unbonding clock for everything unbonding.
    function requestUnstake(uint256 amount) external {
        if (amount == 0) revert StakeRegistry_ZeroAmount();
        Operator storage op = _operators[msg.sender];
        uint256 free = op.active - op.locked;
        // INVARIANT: locked stake is never withdrawable (locked <= active at all times).
        if (amount > free) revert StakeRegistry_InsufficientFreeStake(amount, free);
        op.active -= uint128(amount);
        op.unbonding += uint128(amount);
        op.unbondingEnd = uint64(block.timestamp) + _unbondingDelay;
        emit UnstakeRequested(msg.sender, amount, op.unbonding, op.unbondingEnd);
        _syncVerifier(msg.sender);
    }

    /// @notice Sends the caller's whole unbonding amount to `to` once the unbonding delay has passed.
    function withdraw(address to) external nonReentrant {
        if (to == address(0)) revert StakeRegistry_ZeroAddress();
        Operator storage op = _operators[msg.sender];
        uint256 amount = op.unbonding;
        if (amount == 0) revert StakeRegistry_NothingUnbonding();
        if (block.timestamp < op.unbondingEnd) revert StakeRegistry_StillUnbonding(op.unbondingEnd);
        op.unbonding = 0;
        op.unbondingEnd = 0;
        _totalStaked -= amount;
        emit Withdrawn(msg.sender, to, amount);
        _token.safeTransfer(to, amount);
    }

    /// @notice Publishes the caller's roles (bitmask of ROLE_*), HTTP endpoint and prices.
    function setOperator(uint8 roles, string calldata endpoint, uint128 pricePerStep, uint128 pricePerInferenceUnit)
        external
    {
        if (roles & ~ALL_ROLES != 0) revert StakeRegistry_InvalidRoles(roles);
        if (bytes(endpoint).length > MAX_ENDPOINT_LENGTH) revert StakeRegistry_EndpointTooLong(bytes(endpoint).length);
        _operators[msg.sender].roles = roles;
        _metadata[msg.sender] = Metadata(roles, pricePerStep, pricePerInferenceUnit, endpoint);
        emit OperatorUpdated(msg.sender, roles, endpoint, pricePerStep, pricePerInferenceUnit);
        _syncVerifier(msg.sender);
    }

    // -------------------------------------------------------------------------------- markets

    /// @notice Locks `amount` of `operator`'s free active stake under the caller's `lockId`. MARKET_ROLE only.
    function lock(address operator, bytes32 lockId, uint256 amount) external onlyRole(MARKET_ROLE) {
        if (amount == 0) revert StakeRegistry_ZeroAmount();
        bytes32 key = _lockKey(msg.sender, lockId);
        if (_locks[key].operator != address(0)) revert StakeRegistry_LockExists(lockId);
        Operator storage op = _operators[operator];
        uint256 free = op.active - op.locked;
        // INVARIANT: locked <= active, so a lock never reaches stake already unbonding or locked.
        if (amount > free) revert StakeRegistry_InsufficientFreeStake(amount, free);
        op.locked += uint128(amount);
        _locks[key] = Lock(operator, SafeCast.toUint96(amount));
        emit StakeLocked(msg.sender, lockId, operator, amount);
    }

    /// @notice Ends the caller's lock `lockId`: `slashAmount` is taken from the operator and sent
    ///         to `recipient`, the remainder becomes free stake again. MARKET_ROLE only.
    function releaseLock(bytes32 lockId, uint256 slashAmount, address recipient)
        external
        onlyRole(MARKET_ROLE)
        nonReentrant
    {
        bytes32 key = _lockKey(msg.sender, lockId);
        Lock memory l = _locks[key];
        if (l.operator == address(0)) revert StakeRegistry_UnknownLock(lockId);
        // INVARIANT: a market can only slash what it locked.
        if (slashAmount > l.amount) revert StakeRegistry_SlashExceedsLock(slashAmount, l.amount);
        if (slashAmount != 0 && recipient == address(0)) revert StakeRegistry_ZeroAddress();
        delete _locks[key];
        Operator storage op = _operators[l.operator];
        op.locked -= l.amount;
        op.active -= uint128(slashAmount);
        _totalStaked -= slashAmount;
        emit LockReleased(msg.sender, lockId, l.operator, l.amount - slashAmount, slashAmount, recipient);
        if (slashAmount != 0) {
            _syncVerifier(l.operator);
            _token.safeTransfer(recipient, slashAmount);
        }
    }

    // --------------------------------------------------------------------------- verifier set

    /// @dev Keeps the verifier set in step with `account`'s roles and active stake.
    function _syncVerifier(address account) private {
        Operator storage op = _operators[account];
        bool qualifies = op.roles & ROLE_VERIFIER != 0 && op.active >= _minStake;
        uint64 since = _verifierSince[account];
        if (qualifies && since == 0) {
            uint64 now_ = uint64(block.number);
            _verifierSince[account] = now_;
            uint256 entry = _verifierEntry[account];
            if (entry == 0) {
                _verifiers.push(account);
                entry = _verifiers.length;
                _verifierEntry[account] = entry;
                _verifierCount.push(SafeCast.toUint48(block.number), SafeCast.toUint208(entry));
            }
            emit VerifierQualified(account, entry - 1, now_);
        } else if (!qualifies && since != 0) {
            _verifierSince[account] = 0;
            emit VerifierDisqualified(account);
        }
    }

    /// @inheritdoc IStakeRegistry
    function verifierCountAt(uint256 blockNumber) external view returns (uint256) {
        return _verifierCount.upperLookupRecent(SafeCast.toUint48(blockNumber));
    }

    /// @inheritdoc IStakeRegistry
    function verifierAt(uint256 entry) external view returns (address) {
        return _verifiers[entry];
    }

    /// @inheritdoc IStakeRegistry
    function verifierSince(address operator) external view returns (uint64) {
        return _verifierSince[operator];
    }

    // ---------------------------------------------------------------------------------- views

    /// @inheritdoc IStakeRegistry
    function isStaked(address operator, uint8 roles) external view returns (bool) {
        Operator storage op = _operators[operator];
        return roles != 0 && op.roles & roles == roles && op.active >= _minStake;
    }

    /// @notice The staking token.
    function token() external view returns (IERC20) {
        return _token;
    }

    /// @notice Seconds an unstake request waits before withdrawal.
    function unbondingDelay() external view returns (uint64) {
        return _unbondingDelay;
    }

    /// @notice Minimum active stake for `isStaked`.
    function minStake() external view returns (uint128) {
        return _minStake;
    }

    /// @notice Stake balances of `operator`: active (incl. locked), locked, unbonding and when it unbonds.
    function stakeOf(address operator)
        external
        view
        returns (uint256 active, uint256 locked, uint256 unbonding, uint64 unbondingEnd)
    {
        Operator storage op = _operators[operator];
        return (op.active, op.locked, op.unbonding, op.unbondingEnd);
    }

    /// @notice Active stake that is neither locked nor unbonding.
    function freeStakeOf(address operator) external view returns (uint256) {
        Operator storage op = _operators[operator];
        return op.active - op.locked;
    }

    /// @notice Published metadata of `operator`.
    function metadataOf(address operator) external view returns (Metadata memory) {
        return _metadata[operator];
    }

    /// @notice The lock `lockId` held by `market`: operator and amount (zero when none).
    function lockOf(address market, bytes32 lockId) external view returns (address operator, uint256 amount) {
        Lock memory l = _locks[_lockKey(market, lockId)];
        return (l.operator, l.amount);
    }

    /// @notice Sum of active and unbonding stake over all operators: equals the token balance held.
    function totalStaked() external view returns (uint256) {
        return _totalStaked;
    }

    function _lockKey(address market, bytes32 lockId) private pure returns (bytes32) {
        return keccak256(abi.encode(market, lockId));
    }
}
