// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {JobMarketBase} from "../market/JobMarketBase.sol";
import {AdminTimelock} from "../../src/governance/AdminTimelock.sol";
import {DisputeGame} from "../../src/dispute/DisputeGame.sol";
import {LeafVerifier} from "../../src/dispute/LeafVerifier.sol";
import {GraphVerifier} from "../../src/dispute/GraphVerifier.sol";
import {IJobMarketDisputeHook} from "../../src/interfaces/IJobMarketDisputeHook.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Every admin power of the settlement contracts sits in an AdminTimelock: the old admin
///         account can do nothing directly, a scheduled action runs only after the delay, the delay
///         can never drop to the longest reaction window, and a staker sees a hostile role grant
///         coming early enough to leave.
contract AdminTimelockTest is JobMarketBase {
    AdminTimelock internal lock;
    DisputeGame internal dg;
    address internal attacker = address(0xBAD);
    address internal staker = address(0x5AFE);
    uint256 internal delay;

    function setUp() public {
        vm.warp(1_700_000_000);
        _deploy();
        uint256 floor = UNBOND > WINDOW ? UNBOND : WINDOW; // the longest reaction window
        delay = floor + 1 days;
        address[] memory who = new address[](1);
        who[0] = admin;
        lock = new AdminTimelock(delay, floor, who, who);
        dg = new DisputeGame(
            IJobMarketDisputeHook(address(market)),
            IERC20(address(token)),
            address(lock),
            5e6,
            1 hours,
            1e6,
            new LeafVerifier(GraphVerifier(address(0)))
        );
        bytes32 adminRole = 0x00;
        vm.startPrank(admin);
        reg.grantRole(adminRole, address(lock));
        reg.renounceRole(adminRole, admin);
        market.grantRole(adminRole, address(lock));
        market.renounceRole(adminRole, admin);
        vm.stopPrank();
    }

    function _schedule(address target, bytes memory data, bytes32 salt) internal returns (bytes32 id) {
        vm.prank(admin);
        lock.schedule(target, 0, data, bytes32(0), salt, delay);
        id = lock.hashOperation(target, 0, data, bytes32(0), salt);
    }

    function _notReady(bytes32 id) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(
            TimelockController.TimelockUnexpectedOperationState.selector,
            id,
            bytes32(1 << uint8(TimelockController.OperationState.Ready))
        );
    }

    function test_theOldAdminCanDoNothingDirectly() public {
        bytes32 marketRole = reg.MARKET_ROLE();
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, admin, bytes32(0))
        );
        reg.grantRole(marketRole, attacker);
        bytes32 gameRole = market.DISPUTE_GAME_ROLE();
        vm.prank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, admin, bytes32(0))
        );
        market.grantRole(gameRole, attacker);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, admin));
        dg.setParameters(0, 1);
    }

    function test_adminActionsAreRejectedBeforeTheirDelay_thenRun() public {
        bytes memory grant = abi.encodeCall(IAccessControl.grantRole, (reg.MARKET_ROLE(), attacker));
        bytes32 id = _schedule(address(reg), grant, "grant");
        vm.prank(admin);
        vm.expectRevert(_notReady(id));
        lock.execute(address(reg), 0, grant, bytes32(0), "grant");
        vm.warp(block.timestamp + delay - 1);
        vm.prank(admin);
        vm.expectRevert(_notReady(id));
        lock.execute(address(reg), 0, grant, bytes32(0), "grant");
        assertFalse(reg.hasRole(reg.MARKET_ROLE(), attacker), "not yet");
        vm.warp(block.timestamp + 1);
        vm.prank(admin);
        lock.execute(address(reg), 0, grant, bytes32(0), "grant");
        assertTrue(reg.hasRole(reg.MARKET_ROLE(), attacker), "after the delay");
    }

    function test_gameParameters_onlyAfterTheDelay() public {
        bytes memory set = abi.encodeCall(DisputeGame.setParameters, (0, 1));
        bytes32 id = _schedule(address(dg), set, "params");
        vm.prank(admin);
        vm.expectRevert(_notReady(id));
        lock.execute(address(dg), 0, set, bytes32(0), "params");
        vm.warp(block.timestamp + delay);
        vm.prank(admin);
        lock.execute(address(dg), 0, set, bytes32(0), "params");
        (uint96 bond, uint32 clock,) = dg.parameters();
        assertEq(bond, 0, "bond");
        assertEq(clock, 1, "clock");
    }

    /// @notice A hostile grant (the registry's market role, which can take stake) is public for the
    ///         whole delay, longer than the unbonding: a staker who sees it gets out first.
    function test_aStakerLeavesBeforeAHostileGrantRuns() public {
        _operator(staker, 1, 50e6);
        bytes memory grant = abi.encodeCall(IAccessControl.grantRole, (reg.MARKET_ROLE(), attacker));
        _schedule(address(reg), grant, "hostile");
        vm.prank(staker);
        reg.requestUnstake(50e6);
        vm.warp(block.timestamp + UNBOND + 1);
        vm.prank(staker);
        reg.withdraw(staker);
        assertEq(token.balanceOf(staker), 50e6, "out before the grant can run");
        assertLt(block.timestamp, 1_700_000_000 + delay, "the grant is still waiting");
    }

    function test_theDelayNeverDropsToTheReactionWindow() public {
        uint256 floor = lock.floor();
        address[] memory who = new address[](1);
        who[0] = admin;
        vm.expectRevert(abi.encodeWithSelector(AdminTimelock.AdminTimelock_DelayTooShort.selector, floor, floor));
        new AdminTimelock(floor, floor, who, who);
        bytes memory shorten = abi.encodeCall(TimelockController.updateDelay, (floor));
        _schedule(address(lock), shorten, "shorten");
        vm.warp(block.timestamp + delay);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(AdminTimelock.AdminTimelock_DelayTooShort.selector, floor, floor));
        lock.execute(address(lock), 0, shorten, bytes32(0), "shorten");
        assertEq(lock.getMinDelay(), delay, "unchanged");
    }

    function test_nobodyButTheProposerSchedules() public {
        bytes memory grant = abi.encodeCall(IAccessControl.grantRole, (reg.MARKET_ROLE(), attacker));
        bytes32 proposerRole = lock.PROPOSER_ROLE();
        vm.prank(attacker);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, attacker, proposerRole)
        );
        lock.schedule(address(reg), 0, grant, bytes32(0), "x", delay);
    }
}
