// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {JobMarket} from "../../src/market/JobMarket.sol";

/// @notice Builds a verifier's attestation of a committed job the way the verifier daemon does:
///         its sample from the job's randomness, the state hashes of each sampled transition and
///         their paths in the solver's step tree. The tests' jobs run over made-up state hashes
///         h_s = keccak("state", s); `stepRoot(n)` is the step tree a solver commits for them.
library Attesting {
    uint256 internal constant SAMPLES = 4;

    /// @dev Records the job's randomness (reverts like `attest` when it is not ready).
    function sample(JobMarket market, bytes32 jobId, address verifier)
        internal
        returns (uint64[] memory transitions, bytes32[] memory before, bytes32[] memory after_, bytes32[] memory proofs)
    {
        bytes32 randomness = market.recordRandomness(jobId);
        uint64 steps = market.getJob(jobId).steps;
        bytes32[][] memory lv = levels(steps);
        uint256 d = lv.length - 1;
        transitions = new uint64[](SAMPLES);
        before = new bytes32[](SAMPLES);
        after_ = new bytes32[](SAMPLES);
        proofs = new bytes32[](2 * d * SAMPLES);
        for (uint256 j; j < SAMPLES; ++j) {
            uint64 t = randomness == bytes32(0) ? 0 : market.sampleIndex(randomness, verifier, j, steps);
            transitions[j] = t;
            before[j] = stateHash(t);
            after_[j] = stateHash(t + 1);
            for (uint256 l; l < d; ++l) {
                proofs[2 * d * j + l] = lv[l][(uint256(t) >> l) ^ 1];
                proofs[2 * d * j + d + l] = lv[l][(uint256(t + 1) >> l) ^ 1];
            }
        }
    }

    /// @dev The made-up state hash h_step used in attestations.
    function stateHash(uint64 step) internal pure returns (bytes32) {
        return keccak256(abi.encode("state", step));
    }

    /// @dev The transition hash a game reports when it proves (step, h_step, claimed h_step+1)
    ///      wrong: over the per-step trace leaves keccak(0x04 ‖ s ‖ h_s).
    function transition(uint64 step, bytes32 before, bytes32 claimed) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                step,
                keccak256(abi.encodePacked(bytes1(0x04), step, before)),
                keccak256(abi.encodePacked(bytes1(0x04), step + 1, claimed))
            )
        );
    }

    /// @dev Per-step trace leaf keccak(0x04 ‖ s ‖ h_s) of the made-up run.
    function stepLeaf(uint64 s) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes1(0x04), s, stateHash(s)));
    }

    /// @dev Every level of the step tree over leaves 0..steps (zero padding), leaves first.
    function levels(uint64 steps) internal pure returns (bytes32[][] memory lv) {
        uint256 leaves = uint256(steps) + 1;
        uint256 h;
        while ((uint256(1) << h) < leaves) ++h;
        lv = new bytes32[][](h + 1);
        lv[0] = new bytes32[](uint256(1) << h);
        for (uint256 i; i < leaves; ++i) {
            lv[0][i] = stepLeaf(uint64(i));
        }
        for (uint256 l = 1; l <= h; ++l) {
            lv[l] = new bytes32[](uint256(1) << (h - l));
            for (uint256 i; i < lv[l].length; ++i) {
                lv[l][i] = keccak256(abi.encodePacked(bytes1(0x01), lv[l - 1][2 * i], lv[l - 1][2 * i + 1]));
            }
        }
    }

    /// @dev The step root a solver of the made-up run commits.
    function stepRoot(uint64 steps) internal pure returns (bytes32) {
        bytes32[][] memory lv = levels(steps);
        return lv[lv.length - 1][0];
    }
}
