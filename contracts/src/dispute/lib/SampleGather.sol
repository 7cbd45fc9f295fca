// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {LeafContext, LeafReveal} from "../../types/DisputeTypes.sol";
import {LeafEvaluator} from "./LeafEvaluator.sol";
import {DisputeGame_BadSample} from "./Errors.sol";

/// @title SampleGather
/// @notice The leaf of a gather op, for MLP and op-graph jobs alike: X[r][c] = features[c] /
///         Y[r][0] = label of sample idx(seed, step, r) mod N, the sample abi.encode(index, label,
///         features) proven against datasetRoot (OpenZeppelin StandardMerkleTree leaf).
library SampleGather {
    /// @notice The gathered element (row, col) of the context from the revealed sample `r.in0`.
    function element(LeafContext calldata ctx, bool features, LeafReveal calldata r) internal pure returns (int256) {
        bytes calldata s = r.in0;
        // INVARIANT: the sample is the drawn one, canonically encoded, and committed by datasetRoot.
        if (s.length < 128 || uint256(bytes32(s[64:96])) != 96) revert DisputeGame_BadSample();
        uint256 len = uint256(bytes32(s[96:128]));
        if (s.length < 128 + len) revert DisputeGame_BadSample();
        if (uint256(bytes32(s[0:32])) != LeafEvaluator.batchIndex(ctx.seed, ctx.step, ctx.row, ctx.datasetSize)) {
            revert DisputeGame_BadSample();
        }
        bytes32 leaf = keccak256(bytes.concat(keccak256(s)));
        if (!MerkleProof.verifyCalldata(r.proof0, ctx.datasetRoot, leaf)) revert DisputeGame_BadSample();
        if (features) return LeafEvaluator.gatherRows(s[128:128 + len], ctx.col);
        uint256 label = uint256(bytes32(s[32:64]));
        return label > uint256(type(int256).max) ? type(int256).min : int256(label);
    }
}
