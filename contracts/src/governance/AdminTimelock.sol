// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title AdminTimelock
/// @notice Holds every admin power of the settlement contracts (the StakeRegistry's and the
///         JobMarket's DEFAULT_ADMIN_ROLE, the DisputeGame's ownership). Each admin action is
///         scheduled in public and runs only after the delay, which can never be set below
///         `floor`: the longest window a participant needs to react (the challenge window, and the
///         stake unbonding delay, so a staker can leave before a hostile role grant takes effect).
///         OpenZeppelin's TimelockController; the timelock administers itself (no admin account).
contract AdminTimelock is TimelockController {
    /// @notice The delay can never go below this (seconds).
    uint256 public immutable floor;

    /// @notice Reverted when the requested delay (at deployment or by updateDelay) is not longer than `floor`.
    /// @param delay The requested delay.
    /// @param floor The floor it must exceed.
    error AdminTimelock_DelayTooShort(uint256 delay, uint256 floor);

    /// @param minDelay the delay of every admin action, > floor_
    /// @param floor_ the longest window participants need to react (challenge window, unbonding)
    /// @param proposers who may schedule (and cancel) admin actions, e.g. a multisig
    /// @param executors who may execute them once ready (address(0) in the list: anyone)
    constructor(uint256 minDelay, uint256 floor_, address[] memory proposers, address[] memory executors)
        TimelockController(minDelay, proposers, executors, address(0))
    {
        if (minDelay <= floor_) revert AdminTimelock_DelayTooShort(minDelay, floor_);
        floor = floor_;
    }

    /// @notice Changes the delay (through the timelock itself, so after the current delay); never
    ///         to `floor` or less.
    function updateDelay(uint256 newDelay) public override {
        if (newDelay <= floor) revert AdminTimelock_DelayTooShort(newDelay, floor);
        super.updateDelay(newDelay);
    }
}
