// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {JobMarket} from "../../src/market/JobMarket.sol";

/// @notice Builds a verifier's attestation of a committed job the way the verifier daemon does:
///         its sample from the job's randomness, with made-up state hashes per transition (the
///         market only checks the sample, the hashes matter once a game proves a transition).
library Attesting {
    uint256 internal constant SAMPLES = 4;

    /// @dev Records the job's randomness (reverts like `attest` when it is not ready).
    function sample(JobMarket market, bytes32 jobId, address verifier)
        internal
        returns (uint64[] memory transitions, bytes32[] memory before, bytes32[] memory after_)
    {
        bytes32 randomness = market.recordRandomness(jobId);
        uint64 steps = market.getJob(jobId).steps;
        transitions = new uint64[](SAMPLES);
        before = new bytes32[](SAMPLES);
        after_ = new bytes32[](SAMPLES);
        for (uint256 j; j < SAMPLES; ++j) {
            uint64 t = randomness == bytes32(0) ? 0 : market.sampleIndex(randomness, verifier, j, steps);
            transitions[j] = t;
            before[j] = stateHash(t);
            after_[j] = stateHash(t + 1);
        }
    }

    /// @dev The made-up state hash h_step used in attestations.
    function stateHash(uint64 step) internal pure returns (bytes32) {
        return keccak256(abi.encode("state", step));
    }

    /// @dev The transition hash the game reports when it proves (step, h_step, claimed) wrong.
    function transition(uint64 step, bytes32 before, bytes32 claimed) internal pure returns (bytes32) {
        return keccak256(abi.encode(step, before, claimed));
    }
}
