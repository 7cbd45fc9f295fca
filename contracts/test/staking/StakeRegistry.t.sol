// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Test} from "../base/Test.sol";
import {TestUSD} from "../../src/token/TestUSD.sol";
import {StakeRegistry} from "../../src/staking/StakeRegistry.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IStakeRegistry} from "../../src/interfaces/IStakeRegistry.sol";

contract StakeRegistryTest is Test {
    TestUSD private token;
    StakeRegistry private reg;
    address private admin = address(0xAD);
    address private market = address(0x3A);
    address private game = address(0x6A);
    address private alice = address(0xA1);
    address private bob = address(0xB0);
    uint64 private constant DELAY = 7 days;
    uint128 private constant MIN = 100e6;

    function setUp() public {
        token = new TestUSD(address(this));
        reg = new StakeRegistry(IERC20(address(token)), admin, DELAY, MIN);
        vm.startPrank(admin);
        reg.grantRole(reg.MARKET_ROLE(), market);
        vm.stopPrank();
        _fund(alice, 1_000e6);
    }

    function _fund(address who, uint256 amount) private {
        token.mint(who, amount);
        vm.prank(who);
        token.approve(address(reg), type(uint256).max);
    }

    function _stake(address who, uint256 amount) private {
        vm.prank(who);
        reg.stake(amount);
    }

    // ----------------------------------------------------------------------------- constructor
    function test_constructor_zeroToken_reverts() public {
        vm.expectRevert(IStakeRegistry.StakeRegistry_ZeroAddress.selector);
        new StakeRegistry(IERC20(address(0)), admin, DELAY, MIN);
    }

    function test_constructor_setsConfig() public view {
        assertEq(address(reg.token()), address(token), "token");
        assertEq(uint256(reg.unbondingDelay()), DELAY, "delay");
        assertEq(uint256(reg.minStake()), MIN, "min");
    }

    // ----------------------------------------------------------------------------------- stake
    function test_stake_pullsTokensAndCreditsActive() public {
        _stake(alice, 300e6);
        (uint256 active, uint256 locked, uint256 unbonding,) = reg.stakeOf(alice);
        assertEq(active, 300e6, "active");
        assertEq(locked + unbonding, 0, "nothing else");
        assertEq(token.balanceOf(address(reg)), 300e6, "held");
        assertEq(reg.totalStaked(), 300e6, "total");
    }

    function test_stake_zero_reverts() public {
        vm.prank(alice);
        vm.expectRevert(IStakeRegistry.StakeRegistry_ZeroAmount.selector);
        reg.stake(0);
    }

    function testFuzz_stake_creditsExactAmount(uint256 amount) public {
        amount = bound(amount, 1, 1_000e6);
        _stake(alice, amount);
        assertEq(reg.freeStakeOf(alice), amount, "free");
        assertEq(token.balanceOf(address(reg)), reg.totalStaked(), "conserved");
    }

    // --------------------------------------------------------------------- unstake / withdraw
    function test_requestUnstake_movesToUnbonding() public {
        _stake(alice, 300e6);
        vm.prank(alice);
        reg.requestUnstake(100e6);
        (uint256 active,, uint256 unbonding, uint64 end) = reg.stakeOf(alice);
        assertEq(active, 200e6, "active");
        assertEq(unbonding, 100e6, "unbonding");
        assertEq(uint256(end), block.timestamp + DELAY, "end");
    }

    function test_requestUnstake_lockedPart_reverts() public {
        _stake(alice, 300e6);
        vm.prank(market);
        reg.lock(alice, bytes32("job"), 250e6);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IStakeRegistry.StakeRegistry_InsufficientFreeStake.selector, 100e6, 50e6)
        );
        reg.requestUnstake(100e6);
        (uint256 active, uint256 locked, uint256 unbonding,) = reg.stakeOf(alice);
        assertEq(active, 300e6, "active unchanged");
        assertEq(locked, 250e6, "locked unchanged");
        assertEq(unbonding, 0, "unbonding unchanged");
    }

    function test_requestUnstake_zero_reverts() public {
        vm.prank(alice);
        vm.expectRevert(IStakeRegistry.StakeRegistry_ZeroAmount.selector);
        reg.requestUnstake(0);
    }

    function test_withdraw_beforeDelay_reverts() public {
        _stake(alice, 300e6);
        vm.prank(alice);
        reg.requestUnstake(100e6);
        vm.warp(block.timestamp + DELAY - 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeRegistry.StakeRegistry_StillUnbonding.selector, uint64(1 + DELAY)));
        reg.withdraw(alice);
    }

    function test_withdraw_afterDelay_paysOut() public {
        _stake(alice, 300e6);
        vm.prank(alice);
        reg.requestUnstake(100e6);
        vm.warp(block.timestamp + DELAY);
        vm.prank(alice);
        reg.withdraw(bob);
        assertEq(token.balanceOf(bob), 100e6, "paid");
        (,, uint256 unbonding,) = reg.stakeOf(alice);
        assertEq(unbonding, 0, "cleared");
        assertEq(token.balanceOf(address(reg)), reg.totalStaked(), "conserved");
    }

    function test_withdraw_nothing_reverts() public {
        vm.prank(alice);
        vm.expectRevert(IStakeRegistry.StakeRegistry_NothingUnbonding.selector);
        reg.withdraw(alice);
    }

    function test_withdraw_toZero_reverts() public {
        vm.prank(alice);
        vm.expectRevert(IStakeRegistry.StakeRegistry_ZeroAddress.selector);
        reg.withdraw(address(0));
    }

    function testFuzz_requestUnstake_thenWithdraw_roundTrips(uint256 staked, uint256 out) public {
        staked = bound(staked, 1, 1_000e6);
        out = bound(out, 1, staked);
        _stake(alice, staked);
        vm.prank(alice);
        reg.requestUnstake(out);
        vm.warp(block.timestamp + DELAY);
        uint256 before = token.balanceOf(alice);
        vm.prank(alice);
        reg.withdraw(alice);
        assertEq(token.balanceOf(alice) - before, out, "withdrawn");
        assertEq(reg.freeStakeOf(alice), staked - out, "rest stays");
    }

    // ------------------------------------------------------------------------------- metadata
    function test_setOperator_storesMetadataAndRoles() public {
        _stake(alice, MIN);
        vm.prank(alice);
        reg.setOperator(3, "https://solver.example:8545", 7, 9);
        StakeRegistry.Metadata memory m = reg.metadataOf(alice);
        assertEq(uint256(m.roles), 3, "roles");
        assertEq(m.endpoint, "https://solver.example:8545", "endpoint");
        assertEq(uint256(m.pricePerStep), 7, "price step");
        assertEq(uint256(m.pricePerInferenceUnit), 9, "price inference");
        assertTrue(reg.isStaked(alice, 1), "solver");
        assertTrue(reg.isStaked(alice, 3), "solver+verifier");
        assertFalse(reg.isStaked(alice, 4), "not challenger");
    }

    function test_setOperator_unknownRoleBit_reverts() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeRegistry.StakeRegistry_InvalidRoles.selector, uint8(8)));
        reg.setOperator(8, "", 0, 0);
    }

    function test_setOperator_longEndpoint_reverts() public {
        bytes memory e = new bytes(257);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStakeRegistry.StakeRegistry_EndpointTooLong.selector, 257));
        reg.setOperator(1, string(e), 0, 0);
    }

    function testFuzz_isStaked_needsMinimum(uint256 amount) public {
        amount = bound(amount, 1, 1_000e6);
        _stake(alice, amount);
        vm.prank(alice);
        reg.setOperator(1, "", 0, 0);
        assertEq(reg.isStaked(alice, 1), amount >= MIN, "min stake rule");
        assertFalse(reg.isStaked(alice, 0), "no roles asked");
    }

    // ----------------------------------------------------------------------------------- locks
    function test_lock_byMarket_reservesStake() public {
        _stake(alice, 300e6);
        vm.prank(market);
        reg.lock(alice, bytes32("job"), 120e6);
        (address op, uint256 amount) = reg.lockOf(market, bytes32("job"));
        assertEq(op, alice, "operator");
        assertEq(amount, 120e6, "amount");
        assertEq(reg.freeStakeOf(alice), 180e6, "free");
    }

    function test_lock_byStranger_reverts() public {
        _stake(alice, 300e6);
        bytes32 role = reg.MARKET_ROLE();
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, role));
        reg.lock(alice, bytes32("job"), 1);
    }

    function test_lock_twice_reverts() public {
        _stake(alice, 300e6);
        vm.startPrank(market);
        reg.lock(alice, bytes32("job"), 1);
        vm.expectRevert(abi.encodeWithSelector(IStakeRegistry.StakeRegistry_LockExists.selector, bytes32("job")));
        reg.lock(alice, bytes32("job"), 1);
        vm.stopPrank();
    }

    function test_lock_moreThanFree_reverts() public {
        _stake(alice, 300e6);
        vm.prank(alice);
        reg.requestUnstake(200e6);
        vm.prank(market);
        vm.expectRevert(
            abi.encodeWithSelector(IStakeRegistry.StakeRegistry_InsufficientFreeStake.selector, 101e6, 100e6)
        );
        reg.lock(alice, bytes32("job"), 101e6);
    }

    function test_lock_zero_reverts() public {
        vm.prank(market);
        vm.expectRevert(IStakeRegistry.StakeRegistry_ZeroAmount.selector);
        reg.lock(alice, bytes32("job"), 0);
    }

    function test_releaseLock_unlocksAll() public {
        _stake(alice, 300e6);
        vm.startPrank(market);
        reg.lock(alice, bytes32("job"), 120e6);
        reg.releaseLock(bytes32("job"), 0, address(0));
        vm.stopPrank();
        assertEq(reg.freeStakeOf(alice), 300e6, "free");
        (address op,) = reg.lockOf(market, bytes32("job"));
        assertEq(op, address(0), "deleted");
    }

    function test_releaseLock_slashPart_paysRecipient() public {
        _stake(alice, 300e6);
        vm.startPrank(market);
        reg.lock(alice, bytes32("job"), 120e6);
        reg.releaseLock(bytes32("job"), 20e6, bob);
        vm.stopPrank();
        assertEq(token.balanceOf(bob), 20e6, "slashed to recipient");
        (uint256 active, uint256 locked,,) = reg.stakeOf(alice);
        assertEq(active, 280e6, "active");
        assertEq(locked, 0, "locked");
        assertEq(token.balanceOf(address(reg)), reg.totalStaked(), "conserved");
    }

    function test_releaseLock_otherMarketsLock_reverts() public {
        _stake(alice, 300e6);
        vm.prank(market);
        reg.lock(alice, bytes32("job"), 120e6);
        address market2 = address(0x3B);
        bytes32 role = reg.MARKET_ROLE();
        vm.prank(admin);
        reg.grantRole(role, market2);
        vm.prank(market2);
        vm.expectRevert(abi.encodeWithSelector(IStakeRegistry.StakeRegistry_UnknownLock.selector, bytes32("job")));
        reg.releaseLock(bytes32("job"), 120e6, market2);
    }

    function test_releaseLock_slashAboveLock_reverts() public {
        _stake(alice, 300e6);
        vm.startPrank(market);
        reg.lock(alice, bytes32("job"), 120e6);
        vm.expectRevert(abi.encodeWithSelector(IStakeRegistry.StakeRegistry_SlashExceedsLock.selector, 121e6, 120e6));
        reg.releaseLock(bytes32("job"), 121e6, bob);
        vm.stopPrank();
    }

    function testFuzz_releaseLock_conserves(uint256 locked, uint256 slashed) public {
        _stake(alice, 1_000e6);
        locked = bound(locked, 1, 1_000e6);
        slashed = bound(slashed, 0, locked);
        vm.startPrank(market);
        reg.lock(alice, bytes32("j"), locked);
        reg.releaseLock(bytes32("j"), slashed, bob);
        vm.stopPrank();
        assertEq(token.balanceOf(bob), slashed, "slashed");
        assertEq(reg.freeStakeOf(alice), 1_000e6 - slashed, "free");
        assertEq(token.balanceOf(address(reg)), reg.totalStaked(), "conserved");
    }

    // ------------------------------------------------------------------------ no slasher role
    /// @notice Stake moves only through a market's own locks: nobody, the admin included, can
    ///         take unlocked stake, because no function does it.
    function test_noRoleCanTakeUnlockedStake() public {
        _stake(alice, 300e6);
        address[] memory to = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        (to[0], amounts[0]) = (bob, 100e6);
        vm.prank(admin);
        (bool ok,) =
            address(reg).call(abi.encodeWithSignature("slash(address,address[],uint256[])", alice, to, amounts));
        assertFalse(ok, "no slash entry point");
        vm.prank(admin);
        (ok,) = address(reg).call(abi.encodeWithSignature("SLASHER_ROLE()"));
        assertFalse(ok, "no slasher role");
        (uint256 active,,,) = reg.stakeOf(alice);
        assertEq(active, 300e6, "stake intact");
    }

    // --------------------------------------------------------------------------- verifier set
    function test_verifierSet_joinsOnceQualified_inOrder() public {
        _fund(bob, 1_000e6);
        vm.prank(alice);
        reg.setOperator(2, "", 0, 0);
        assertEq(reg.verifierSince(alice), 0, "no stake yet: not qualified");
        assertEq(reg.verifierCountAt(block.number), 0, "no entry");
        vm.roll(10);
        _stake(alice, MIN);
        assertEq(reg.verifierSince(alice), 10, "qualified at block 10");
        vm.roll(20);
        vm.startPrank(bob);
        reg.stake(MIN);
        reg.setOperator(3, "", 0, 0);
        vm.stopPrank();
        assertEq(reg.verifierAt(0), alice, "entry 0");
        assertEq(reg.verifierAt(1), bob, "entry 1");
        assertEq(reg.verifierCountAt(9), 0, "none at 9");
        assertEq(reg.verifierCountAt(15), 1, "one at 15");
        assertEq(reg.verifierCountAt(20), 2, "two at 20");
    }

    function test_verifierSet_breakResetsSince_entryKept() public {
        vm.prank(alice);
        reg.setOperator(2, "", 0, 0);
        vm.roll(10);
        _stake(alice, MIN);
        vm.roll(11);
        vm.prank(alice);
        reg.requestUnstake(1);
        assertEq(reg.verifierSince(alice), 0, "below the minimum: out");
        vm.roll(12);
        _stake(alice, 1);
        assertEq(reg.verifierSince(alice), 12, "back, since now");
        vm.prank(alice);
        reg.setOperator(1, "", 0, 0);
        assertEq(reg.verifierSince(alice), 0, "role dropped: out");
        assertEq(reg.verifierCountAt(block.number), 1, "one entry, never two");
        assertEq(reg.verifierAt(0), alice, "the same entry");
    }

    function test_verifierSet_lockSlashBelowMinimum_disqualifies() public {
        vm.prank(alice);
        reg.setOperator(2, "", 0, 0);
        _stake(alice, MIN);
        vm.prank(market);
        reg.lock(alice, bytes32("bond"), 10e6);
        assertTrue(reg.verifierSince(alice) != 0, "locked stake still counts");
        vm.prank(market);
        reg.releaseLock(bytes32("bond"), 10e6, bob);
        assertEq(reg.verifierSince(alice), 0, "slashed below the minimum: out");
    }
}
