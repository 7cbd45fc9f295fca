// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @notice An EIP-2612 permit carried next to a call so the payer needs no separate approve
///         transaction. `deadline == 0` means "no permit: use the existing allowance".
struct PermitData {
    uint256 value;
    uint256 deadline;
    uint8 v;
    bytes32 r;
    bytes32 s;
}
