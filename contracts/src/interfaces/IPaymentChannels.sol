// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title IPaymentChannels
/// @notice Events and custom errors of {PaymentChannels}: unidirectional payer → payee channels
///         paid off-chain with cumulative EIP-712 vouchers.
interface IPaymentChannels {
    /// @notice Emitted when a payer opens a channel and escrows its first deposit.
    /// @param channelId The channel's id (derived from payer, payee and salt).
    /// @param payer The account that funds the channel and signs vouchers.
    /// @param payee The account vouchers pay.
    /// @param salt The payer's salt that makes the id unique.
    /// @param deposit The escrowed amount.
    /// @param expiry The time after which the payer may take the unclaimed deposit back.
    event ChannelOpened(
        bytes32 indexed channelId,
        address indexed payer,
        address indexed payee,
        bytes32 salt,
        uint256 deposit,
        uint40 expiry
    );

    /// @notice Emitted when the payer adds to an open channel's deposit.
    /// @param channelId The channel.
    /// @param amount The amount added.
    /// @param deposit The channel's total deposit afterwards.
    event ChannelToppedUp(bytes32 indexed channelId, uint256 amount, uint256 deposit);

    /// @notice Emitted when the payer moves an open channel's expiry later.
    /// @param channelId The channel.
    /// @param expiry The new expiry.
    event ChannelExtended(bytes32 indexed channelId, uint40 expiry);

    /// @notice Emitted when the payee claims a voucher without closing the channel.
    /// @param channelId The channel.
    /// @param amount The amount paid by this claim (the voucher minus what was already claimed).
    /// @param cumulativeAmount The voucher's cumulative amount, now the channel's claimed total.
    event ChannelClaimed(bytes32 indexed channelId, uint256 amount, uint256 cumulativeAmount);

    /// @notice Emitted when the payer starts closing a channel; the payee may still claim until
    ///         `challengeEnd`.
    /// @param channelId The channel.
    /// @param challengeEnd The channel's new expiry: the end of the challenge period, or the old
    ///        expiry when that comes first.
    event ChannelCloseStarted(bytes32 indexed channelId, uint40 challengeEnd);

    /// @notice Emitted when a channel closes, by the payee with a voucher or by the payer after expiry.
    /// @param channelId The channel.
    /// @param paidToPayee The amount paid to the payee by the closing call.
    /// @param refundedToPayer The remaining deposit returned to the payer.
    event ChannelClosed(bytes32 indexed channelId, uint256 paidToPayee, uint256 refundedToPayer);

    /// @notice Reverted when a required address (token at deployment, payee) is zero.
    error PaymentChannels_ZeroAddress();

    /// @notice Reverted at deployment when the challenge period is shorter than MIN_CHALLENGE_PERIOD.
    /// @param challengePeriod The requested challenge period.
    /// @param minimum MIN_CHALLENGE_PERIOD.
    error PaymentChannels_ChallengePeriodTooShort(uint40 challengePeriod, uint40 minimum);

    /// @notice Reverted when a channel is opened with less than the minimum deposit.
    /// @param deposit The offered deposit.
    /// @param minDeposit The deployment's minimum deposit.
    error PaymentChannels_DepositTooSmall(uint256 deposit, uint256 minDeposit);

    /// @notice Reverted when a deposit (or a deposit after a top-up) does not fit in a uint96.
    /// @param amount The offending amount.
    error PaymentChannels_AmountTooLarge(uint256 amount);

    /// @notice Reverted when an amount that must be positive (minimum deposit, top-up) is zero.
    error PaymentChannels_ZeroAmount();

    /// @notice Reverted when a channel is opened with an expiry that is not in the future.
    /// @param expiry The requested expiry.
    error PaymentChannels_ExpiryInPast(uint40 expiry);

    /// @notice Reverted when an extension does not move the expiry later.
    /// @param expiry The requested expiry.
    /// @param current The channel's current expiry.
    error PaymentChannels_ExpiryNotLater(uint40 expiry, uint40 current);

    /// @notice Reverted when a channel id was already used, even by a channel that has closed.
    /// @param channelId The id.
    error PaymentChannels_ChannelIdUsed(bytes32 channelId);

    /// @notice Reverted when no channel has this id.
    /// @param channelId The id.
    error PaymentChannels_UnknownChannel(bytes32 channelId);

    /// @notice Reverted when the channel is already closed.
    /// @param channelId The channel.
    error PaymentChannels_ChannelClosed(bytes32 channelId);

    /// @notice Reverted when the action needs an open channel and the channel is closing.
    /// @param channelId The channel.
    error PaymentChannels_ChannelNotOpen(bytes32 channelId);

    /// @notice Reverted when a voucher's cumulative amount is above the channel's deposit.
    /// @param cumulativeAmount The voucher's cumulative amount.
    /// @param deposit The channel's deposit.
    error PaymentChannels_VoucherExceedsDeposit(uint256 cumulativeAmount, uint256 deposit);

    /// @notice Reverted when a voucher is below what the channel already paid, or (claim only)
    ///         equal to it.
    /// @param cumulativeAmount The voucher's cumulative amount.
    /// @param claimed The amount the channel already paid.
    error PaymentChannels_StaleVoucher(uint256 cumulativeAmount, uint256 claimed);

    /// @notice Reverted when a voucher's signature is malformed or not the payer's.
    error PaymentChannels_InvalidSignature();

    /// @notice Reverted when a voucher's signature has a high-S value (malleable form).
    error PaymentChannels_SignatureHighS();

    /// @notice Reverted when the payer settles a channel before its expiry.
    /// @param expiry The channel's expiry.
    error PaymentChannels_NotExpired(uint40 expiry);
}
