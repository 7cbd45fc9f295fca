// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {HyperParams} from "../types/JobTypes.sol";

/// @notice The one check of what the dispute game can settle, shared by the JobMarket (at
///         submission) and the DisputeGame (at registration): a job the game could not register,
///         or whose leaf would not fit a transaction, is never accepted or paid for.
interface IJobValidator {
    /// @notice Reverts with a specific error unless `hp` and `widths` are the preimages of the
    ///         request's `hyperParamsHash` and `modelSpecHash` and within the game's limits.
    ///         Returns the multiply-accumulates of one training step (forward and backward),
    ///         which sizes the job's minimum commit window. Takes the two hashes rather than the
    ///         whole request so the market does not re-encode the request (gas).
    function checkJob(bytes32 modelSpecHash, bytes32 hyperParamsHash, HyperParams calldata hp, uint32[] calldata widths)
        external
        view
        returns (uint256 macsPerStep);
}
