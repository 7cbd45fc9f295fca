// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Test} from "../base/Test.sol";
import {TestUSD} from "../../src/token/TestUSD.sol";
import {StakeRegistry} from "../../src/staking/StakeRegistry.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IStakeRegistry} from "../../src/interfaces/IStakeRegistry.sol";

/// @notice Random operators stake, unstake, withdraw, change roles, get locked, released and slashed.
contract StakeRegistryHandler is Test {
    StakeRegistry private reg;
    TestUSD private token;
    address private market;
    address private game;
    address[] private actors;
    bytes32[] private liveLocks;
    uint256 private nextLock;

    /// @dev Ghost: tokens that left the registry by withdraw or a lock slash (outflows), and came in.
    uint256 public ghostIn;
    uint256 public ghostOut;
    /// @dev Set when a withdrawal ever paid out more than the operator's unbonding amount.
    bool public lockedWithdrawn;

    constructor(StakeRegistry reg_, TestUSD token_, address market_, address game_) {
        reg = reg_;
        token = token_;
        market = market_;
        game = game_;
        for (uint256 i; i < 4; ++i) {
            address a = address(uint160(0x1000 + i));
            actors.push(a);
            vm.prank(a);
            token.approve(address(reg), type(uint256).max);
        }
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function actor(uint256 i) external view returns (address) {
        return actors[i];
    }

    function stake(uint256 who, uint256 amount) external {
        address a = actors[who % actors.length];
        amount = bound(amount, 1, 10_000e6);
        vm.prank(a);
        reg.stake(amount);
        ghostIn += amount;
    }

    function requestUnstake(uint256 who, uint256 amount) external {
        address a = actors[who % actors.length];
        uint256 free = reg.freeStakeOf(a);
        if (free == 0) return;
        vm.prank(a);
        reg.requestUnstake(bound(amount, 1, free));
    }

    function withdraw(uint256 who, uint256 wait) external {
        address a = actors[who % actors.length];
        vm.warp(block.timestamp + bound(wait, 0, 8 days));
        (uint256 activeBefore, uint256 lockedBefore, uint256 unbonding, uint64 end) = reg.stakeOf(a);
        if (unbonding == 0 || block.timestamp < end) return;
        uint256 before = token.balanceOf(a);
        vm.prank(a);
        reg.withdraw(a);
        uint256 got = token.balanceOf(a) - before;
        (uint256 activeAfter, uint256 lockedAfter,,) = reg.stakeOf(a);
        if (got != unbonding || activeAfter != activeBefore || lockedAfter != lockedBefore) lockedWithdrawn = true;
        ghostOut += got;
    }

    function lock(uint256 who, uint256 amount) external {
        address a = actors[who % actors.length];
        uint256 free = reg.freeStakeOf(a);
        if (free == 0) return;
        bytes32 id = bytes32(++nextLock);
        vm.prank(market);
        reg.lock(a, id, bound(amount, 1, free > type(uint96).max ? type(uint96).max : free));
        liveLocks.push(id);
    }

    function releaseLock(uint256 which, uint256 slashPart) external {
        if (liveLocks.length == 0) return;
        uint256 i = which % liveLocks.length;
        bytes32 id = liveLocks[i];
        (, uint256 amount) = reg.lockOf(market, id);
        uint256 slashAmt = bound(slashPart, 0, amount);
        vm.prank(market);
        reg.releaseLock(id, slashAmt, market);
        ghostOut += slashAmt;
        liveLocks[i] = liveLocks[liveLocks.length - 1];
        liveLocks.pop();
    }

    function setRoles(uint256 who, uint8 roles) external {
        address a = actors[who % actors.length];
        vm.prank(a);
        reg.setOperator(roles % 8, "", 0, 0);
    }

    function lockedSum() external view returns (uint256 sum) {
        for (uint256 i; i < liveLocks.length; ++i) {
            (, uint256 amount) = reg.lockOf(market, liveLocks[i]);
            sum += amount;
        }
    }
}

contract StakeRegistryInvariantTest is Test {
    TestUSD private token;
    StakeRegistry private reg;
    StakeRegistryHandler private handler;

    function setUp() public {
        token = new TestUSD(address(this));
        reg = new StakeRegistry(IERC20(address(token)), address(this), 7 days, 1);
        address market = address(0x3A);
        address game = address(0x6A);
        reg.grantRole(reg.MARKET_ROLE(), market);
        handler = new StakeRegistryHandler(reg, token, market, game);
        for (uint256 i; i < handler.actorCount(); ++i) {
            token.mint(handler.actor(i), 1_000_000_000e6);
        }
        targetContract(address(handler));
    }

    /// @custom:invariant The registry's token balance equals the sum over operators of active +
    ///                   unbonding stake (what it owes), equals totalStaked, and equals inflows minus
    ///                   outflows.
    function invariant_balanceEqualsOwed() public view {
        uint256 owed;
        for (uint256 i; i < handler.actorCount(); ++i) {
            (uint256 active,, uint256 unbonding,) = reg.stakeOf(handler.actor(i));
            owed += active + unbonding;
        }
        assertEq(token.balanceOf(address(reg)), owed, "balance == owed");
        assertEq(reg.totalStaked(), owed, "totalStaked == owed");
        assertEq(handler.ghostIn() - handler.ghostOut(), owed, "in - out == owed");
    }

    /// @custom:invariant Locked stake is never withdrawable: locked <= active for every operator,
    ///                   the sum of live locks equals the sum of locked, and no withdrawal ever
    ///                   paid more than the unbonding amount or touched active/locked stake.
    function invariant_lockedNeverWithdrawable() public view {
        uint256 lockedTotal;
        for (uint256 i; i < handler.actorCount(); ++i) {
            (uint256 active, uint256 locked,,) = reg.stakeOf(handler.actor(i));
            assertLe(locked, active, "locked <= active");
            lockedTotal += locked;
        }
        assertEq(lockedTotal, handler.lockedSum(), "locks == locked");
        assertFalse(handler.lockedWithdrawn(), "a withdrawal touched locked/active stake");
    }

    /// @custom:invariant The verifier set follows stake and roles exactly: an operator qualifies
    ///                   (verifierSince != 0) iff it has ROLE_VERIFIER and the minimum active
    ///                   stake, and every operator that ever qualified has exactly one entry.
    function invariant_verifierSetMatchesStakeAndRoles() public view {
        uint256 count = reg.verifierCountAt(block.number);
        for (uint256 i; i < handler.actorCount(); ++i) {
            address a = handler.actor(i);
            (uint256 active,,,) = reg.stakeOf(a);
            bool qualifies = reg.metadataOf(a).roles & 2 != 0 && active >= reg.minStake();
            assertEq(reg.verifierSince(a) != 0, qualifies, "since != 0 iff qualified");
            uint256 entries;
            for (uint256 e; e < count; ++e) {
                if (reg.verifierAt(e) == a) ++entries;
            }
            assertLe(entries, 1, "one entry at most");
            if (qualifies) assertEq(entries, 1, "a qualified verifier has its entry");
        }
    }
}
