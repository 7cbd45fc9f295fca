// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {PermitData} from "../types/PermitData.sol";
import {IPaymentChannels} from "../interfaces/IPaymentChannels.sol";

/// @title PaymentChannels
/// @notice Unidirectional ERC-20 payment channels for paid inference. A payer opens a channel to a
///         payee with a deposit; off-chain it signs EIP-712 vouchers carrying the cumulative amount
///         owed. The payee claims (without closing), or closes instantly, with its best voucher. The
///         payer can start a close, which leaves the payee a challenge period to claim, then settle;
///         after expiry the payer takes back what was not claimed.
/// @dev The channel id is `keccak256(abi.encode(payer, payee, salt))`: payer and payee are bound in
///      the id, so they are never stored (one storage slot per channel) and every call names them.
///      A channel record is never deleted (Closed stays Closed), so an id is never reused.
///      Token balance of this contract == sum over non-closed channels of (deposit - claimed).
contract PaymentChannels is IPaymentChannels, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice EIP-712 domain name.
    string public constant EIP712_NAME = "Tribunal PaymentChannels";
    /// @notice EIP-712 domain version.
    string public constant EIP712_VERSION = "1";
    /// @notice EIP-712 type hash of `Voucher(bytes32 channelId,uint256 cumulativeAmount)`.
    bytes32 public constant VOUCHER_TYPEHASH = keccak256("Voucher(bytes32 channelId,uint256 cumulativeAmount)");

    enum Status {
        None,
        Open,
        Closing,
        Closed
    }

    /// @dev One slot. While Closing, `expiry` is the end of the challenge period.
    struct Channel {
        uint96 deposit;
        uint96 claimed;
        uint40 expiry;
        Status status;
    }

    /// @notice One entry of {claimMany}.
    struct ClaimArgs {
        address payer;
        bytes32 salt;
        uint256 cumulativeAmount;
        bytes signature;
    }

    IERC20 private immutable _token;
    uint96 private immutable _minDeposit;
    uint40 private immutable _challengePeriod;
    /// @notice Shortest challenge period a deployment may have: with zero, a payer could start a
    ///         close and settle in the same block, against vouchers it already signed. An hour is
    ///         enough for a payee daemon polling every few seconds to land its claim on a busy chain.
    uint40 public constant MIN_CHALLENGE_PERIOD = 1 hours;

    mapping(bytes32 channelId => Channel) private _channels;

    /// @param token_ the channel token (EIP-2612 for permit opens)
    /// @param minDeposit_ smallest deposit a channel can open with (> 0)
    /// @param challengePeriod_ seconds a payee has to answer a payer-started close
    constructor(IERC20 token_, uint96 minDeposit_, uint40 challengePeriod_) EIP712(EIP712_NAME, EIP712_VERSION) {
        if (address(token_) == address(0)) revert PaymentChannels_ZeroAddress();
        if (minDeposit_ == 0) revert PaymentChannels_ZeroAmount();
        // INVARIANT: a payer-started close always leaves the payee time to claim its last voucher.
        if (challengePeriod_ < MIN_CHALLENGE_PERIOD) {
            revert PaymentChannels_ChallengePeriodTooShort(challengePeriod_, MIN_CHALLENGE_PERIOD);
        }
        _token = token_;
        _minDeposit = minDeposit_;
        _challengePeriod = challengePeriod_;
    }

    // ------------------------------------------------------------------------------------ payer

    /// @notice Opens the channel `keccak256(abi.encode(msg.sender, payee, salt))` with `amount`
    ///         pulled from the caller (the payer) until `expiry`. A non-zero `permit.deadline`
    ///         runs the EIP-2612 permit first; if it fails (e.g. front-run) the allowance is used.
    function open(address payee, bytes32 salt, uint256 amount, uint40 expiry, PermitData calldata permit)
        external
        nonReentrant
        returns (bytes32 channelId)
    {
        if (payee == address(0)) revert PaymentChannels_ZeroAddress();
        if (amount < _minDeposit) revert PaymentChannels_DepositTooSmall(amount, _minDeposit);
        if (amount > type(uint96).max) revert PaymentChannels_AmountTooLarge(amount);
        if (expiry <= block.timestamp) revert PaymentChannels_ExpiryInPast(expiry);
        channelId = channelIdOf(msg.sender, payee, salt);
        Channel storage ch = _channels[channelId];
        // INVARIANT: a channel id is never reused.
        if (ch.status != Status.None) revert PaymentChannels_ChannelIdUsed(channelId);
        _channels[channelId] = Channel(uint96(amount), 0, expiry, Status.Open);
        emit ChannelOpened(channelId, msg.sender, payee, salt, amount, expiry);
        _pull(msg.sender, amount, permit);
    }

    /// @notice Adds `amount` (pulled from the caller, the payer) to an open channel's deposit.
    function topUp(address payee, bytes32 salt, uint256 amount, PermitData calldata permit) external nonReentrant {
        if (amount == 0) revert PaymentChannels_ZeroAmount();
        bytes32 channelId = channelIdOf(msg.sender, payee, salt);
        Channel storage ch = _openChannel(channelId);
        uint256 deposit = uint256(ch.deposit) + amount;
        if (deposit > type(uint96).max) revert PaymentChannels_AmountTooLarge(deposit);
        ch.deposit = uint96(deposit);
        emit ChannelToppedUp(channelId, amount, deposit);
        _pull(msg.sender, amount, permit);
    }

    /// @notice Moves an open channel's expiry later, to `newExpiry`. Payer only.
    function extend(address payee, bytes32 salt, uint40 newExpiry) external {
        bytes32 channelId = channelIdOf(msg.sender, payee, salt);
        Channel storage ch = _openChannel(channelId);
        if (newExpiry <= ch.expiry) revert PaymentChannels_ExpiryNotLater(newExpiry, ch.expiry);
        ch.expiry = newExpiry;
        emit ChannelExtended(channelId, newExpiry);
    }

    /// @notice Payer starts an uncooperative close: the payee has `challengePeriod` seconds (or
    ///         until expiry, if sooner) to claim or close with its best voucher; then the payer settles.
    function startClose(address payee, bytes32 salt) external {
        bytes32 channelId = channelIdOf(msg.sender, payee, salt);
        Channel storage ch = _openChannel(channelId);
        uint40 end = uint40(block.timestamp) + _challengePeriod;
        if (end < ch.expiry) ch.expiry = end;
        ch.status = Status.Closing;
        emit ChannelCloseStarted(channelId, ch.expiry);
    }

    /// @notice Payer closes a channel whose expiry (or challenge period) has passed and takes back
    ///         everything not claimed by the payee.
    function settle(address payee, bytes32 salt) external nonReentrant {
        bytes32 channelId = channelIdOf(msg.sender, payee, salt);
        Channel storage ch = _liveChannel(channelId);
        if (block.timestamp < ch.expiry) revert PaymentChannels_NotExpired(ch.expiry);
        uint256 refund = ch.deposit - ch.claimed;
        ch.status = Status.Closed;
        emit ChannelClosed(channelId, 0, refund);
        if (refund != 0) _token.safeTransfer(msg.sender, refund);
    }

    // ------------------------------------------------------------------------------------ payee

    /// @notice Payee (the caller) collects what the payer's voucher adds to the amount already
    ///         claimed, keeping the channel open. Valid until the channel is closed.
    function claim(address payer, bytes32 salt, uint256 cumulativeAmount, bytes calldata signature)
        external
        nonReentrant
    {
        uint256 amount = _applyVoucher(payer, salt, cumulativeAmount, signature);
        _token.safeTransfer(msg.sender, amount);
    }

    /// @notice Payee (the caller) claims from several channels at once with one transfer. The batch
    ///         is atomic: any bad voucher reverts all of it.
    function claimMany(ClaimArgs[] calldata claims) external nonReentrant {
        uint256 total;
        for (uint256 i; i < claims.length; ++i) {
            ClaimArgs calldata c = claims[i];
            total += _applyVoucher(c.payer, c.salt, c.cumulativeAmount, c.signature);
        }
        if (total != 0) _token.safeTransfer(msg.sender, total);
    }

    /// @notice Payee (the caller) closes the channel at once with its latest voucher: it gets the
    ///         unclaimed part of `cumulativeAmount`, the payer the rest of the deposit. A voucher
    ///         equal to the amount already claimed closes without a signature check.
    function close(address payer, bytes32 salt, uint256 cumulativeAmount, bytes calldata signature)
        external
        nonReentrant
    {
        bytes32 channelId = channelIdOf(payer, msg.sender, salt);
        Channel storage ch = _liveChannel(channelId);
        uint256 claimed = ch.claimed;
        uint256 deposit = ch.deposit;
        // INVARIANT: the payee is never paid twice for the same voucher amount.
        if (cumulativeAmount < claimed) revert PaymentChannels_StaleVoucher(cumulativeAmount, claimed);
        // INVARIANT: no voucher pays more than the deposit.
        if (cumulativeAmount > deposit) revert PaymentChannels_VoucherExceedsDeposit(cumulativeAmount, deposit);
        if (cumulativeAmount != claimed) _checkVoucher(payer, channelId, cumulativeAmount, signature);
        uint256 pay = cumulativeAmount - claimed;
        uint256 refund = deposit - cumulativeAmount;
        ch.claimed = uint96(cumulativeAmount);
        ch.status = Status.Closed;
        emit ChannelClosed(channelId, pay, refund);
        if (pay != 0) _token.safeTransfer(msg.sender, pay);
        if (refund != 0) _token.safeTransfer(payer, refund);
    }

    // ------------------------------------------------------------------------------------ views

    /// @notice The id of the channel from `payer` to `payee` opened with `salt`.
    function channelIdOf(address payer, address payee, bytes32 salt) public pure returns (bytes32) {
        return keccak256(abi.encode(payer, payee, salt));
    }

    /// @notice State of `channelId`: deposit, claimed so far, expiry (end of the challenge period
    ///         while Closing) and status.
    function getChannel(bytes32 channelId)
        external
        view
        returns (uint256 deposit, uint256 claimed, uint40 expiry, Status status)
    {
        Channel memory ch = _channels[channelId];
        return (ch.deposit, ch.claimed, ch.expiry, ch.status);
    }

    /// @notice The EIP-712 digest a payer signs for a voucher.
    function hashVoucher(bytes32 channelId, uint256 cumulativeAmount) external view returns (bytes32) {
        return _voucherDigest(channelId, cumulativeAmount);
    }

    /// @notice The EIP-712 domain separator (binds chain id and this contract).
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice Configuration: token, minimum deposit and challenge period (seconds).
    function config() external view returns (IERC20 token, uint96 minDeposit, uint40 challengePeriod) {
        return (_token, _minDeposit, _challengePeriod);
    }

    // -------------------------------------------------------------------------------- internals

    /// @dev Checks a voucher for the channel (payer -> msg.sender, salt), records it and returns
    ///      the amount newly owed to the payee. The caller transfers.
    function _applyVoucher(address payer, bytes32 salt, uint256 cumulativeAmount, bytes calldata signature)
        private
        returns (uint256 amount)
    {
        bytes32 channelId = channelIdOf(payer, msg.sender, salt);
        Channel storage ch = _liveChannel(channelId);
        uint256 claimed = ch.claimed;
        // INVARIANT: the payee is never paid twice for the same voucher amount.
        if (cumulativeAmount <= claimed) revert PaymentChannels_StaleVoucher(cumulativeAmount, claimed);
        // INVARIANT: no voucher pays more than the deposit.
        if (cumulativeAmount > ch.deposit) revert PaymentChannels_VoucherExceedsDeposit(cumulativeAmount, ch.deposit);
        _checkVoucher(payer, channelId, cumulativeAmount, signature);
        ch.claimed = uint96(cumulativeAmount);
        amount = cumulativeAmount - claimed;
        emit ChannelClaimed(channelId, amount, cumulativeAmount);
    }

    function _checkVoucher(address payer, bytes32 channelId, uint256 cumulativeAmount, bytes calldata signature)
        private
        view
    {
        (address signer, ECDSA.RecoverError err,) =
            ECDSA.tryRecoverCalldata(_voucherDigest(channelId, cumulativeAmount), signature);
        // INVARIANT: only low-S signatures are accepted, matching the off-chain checks.
        if (err == ECDSA.RecoverError.InvalidSignatureS) revert PaymentChannels_SignatureHighS();
        if (err != ECDSA.RecoverError.NoError || signer != payer) revert PaymentChannels_InvalidSignature();
    }

    function _voucherDigest(bytes32 channelId, uint256 cumulativeAmount) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(VOUCHER_TYPEHASH, channelId, cumulativeAmount)));
    }

    /// @dev A channel that exists and is not closed (Open or Closing).
    function _liveChannel(bytes32 channelId) private view returns (Channel storage ch) {
        ch = _channels[channelId];
        Status s = ch.status;
        if (s == Status.None) revert PaymentChannels_UnknownChannel(channelId);
        if (s == Status.Closed) revert PaymentChannels_ChannelClosed(channelId);
    }

    /// @dev A channel in status Open (not closing, not closed).
    function _openChannel(bytes32 channelId) private view returns (Channel storage ch) {
        ch = _liveChannel(channelId);
        if (ch.status != Status.Open) revert PaymentChannels_ChannelNotOpen(channelId);
    }

    function _pull(address payer, uint256 amount, PermitData calldata permit) private {
        if (permit.deadline != 0) {
            try IERC20Permit(address(_token))
                .permit(payer, address(this), permit.value, permit.deadline, permit.v, permit.r, permit.s) {}
                catch {}
        }
        _token.safeTransferFrom(payer, address(this), amount);
    }
}
