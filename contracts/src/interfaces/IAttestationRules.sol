// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title IAttestationRules
/// @notice The stateless checks of a verifier's attestation, kept out of the JobMarket (size): the
///         attested state hashes open the solver's committed step tree, and the hashes that commit
///         an attestation and compare it with a transition a game proved wrong. The per-step trace
///         leaf is L_s = keccak(0x04 ‖ uint64 s ‖ h_s); a transition (t, h_t, h_t+1) is
///         keccak256(abi.encode(t, L_t, L_t+1)), the form a dispute game reports.
interface IAttestationRules {
    /// @notice Reverts unless every attested h_t (`before[j]`) and h_t+1 (`after_[j]`) opens leaf t
    ///         and t + 1 of the step tree rooted at `stepRoot` over steps 0..`steps`. `proofs` holds,
    ///         per transition, the bottom-up path of leaf t then of leaf t + 1, heightOf(steps + 1)
    ///         siblings each.
    function checkOpenings(
        bytes32 stepRoot,
        uint64 steps,
        uint64[] calldata transitions,
        bytes32[] calldata before,
        bytes32[] calldata after_,
        bytes32[] calldata proofs
    ) external pure;

    /// @notice keccak256 of the packed transition hashes of an attestation.
    function attestationHash(uint64[] calldata transitions, bytes32[] calldata before, bytes32[] calldata after_)
        external
        pure
        returns (bytes32);

    /// @notice True when one attested transition is `proven` (never when `proven` is zero).
    function confirms(
        bytes32 proven,
        uint64[] calldata transitions,
        bytes32[] calldata before,
        bytes32[] calldata after_
    ) external pure returns (bool);
}
