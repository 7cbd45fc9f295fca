// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @notice The user-signed EIP-712 job request. The EIP-712 type string is
///         `JobRequest(address user,bytes32 modelSpecHash,bytes32 datasetRoot,string datasetURI,
///         bytes32 hyperParamsHash,uint64 steps,uint64 seed,uint256 price,uint256 collateral,
///         uint64 claimDeadline,uint64 commitDeadline,uint256 nonce)` (one line, no spaces after commas).
/// @dev `hyperParamsHash` is keccak256 of the canonical hyper-parameter encoding defined by `core`
///      (learning rate, batch size, checkpoint hints...): the dispute game checks revealed values
///      against it. `nonce` is an unordered bitmap nonce: word `nonce >> 8`, bit `nonce & 0xff`.
struct JobRequest {
    address user;
    bytes32 modelSpecHash;
    bytes32 datasetRoot;
    string datasetURI;
    bytes32 hyperParamsHash;
    uint64 steps;
    uint64 seed;
    uint256 price;
    uint256 collateral;
    uint64 claimDeadline;
    uint64 commitDeadline;
    uint256 nonce;
}

/// @notice Hyper-parameters a user signs as `JobRequest.hyperParamsHash` =
///         keccak256(abi.encode(uint256 batch, uint256 eta, uint256 datasetSize)).
struct HyperParams {
    uint32 batch; //       B
    uint64 eta; //         lr / B in Q8.24 (core's TrainingConfig.eta)
    uint64 datasetSize; // N, the training-set size batch indices are drawn from
}

/// @notice Lifecycle of a job. Refunded, Finalized and Cheated are terminal.
enum JobStatus {
    None,
    Open,
    Claimed,
    Committed,
    Finalized,
    Refunded,
    Cheated
}
