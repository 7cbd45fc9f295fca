// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ChannelsBase} from "../channels/PaymentChannels.t.sol";
import {TestUSD} from "../../src/token/TestUSD.sol";
import {PaymentChannels} from "../../src/channels/PaymentChannels.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Payers open (sometimes re-using a salt), top up, extend, start closes and settle;
///         payees claim, batch-claim and close with random (also over-deposit and stale) vouchers.
contract PaymentChannelsHandler is ChannelsBase {
    uint256[] private payerKeys;
    address[] private payees;
    bytes32[] public ids;
    mapping(bytes32 => uint256) public payerKeyOf;
    mapping(bytes32 => address) public payeeOf;
    mapping(bytes32 => bytes32) public saltOf;
    mapping(bytes32 => uint256) public openCount;
    mapping(bytes32 => uint256) public paidToPayee;
    mapping(bytes32 => uint256) public depositedTotal;
    bool public reopened;

    constructor(TestUSD token_, PaymentChannels pc_) {
        token = token_;
        pc = pc_;
        for (uint256 i; i < 3; ++i) {
            payerKeys.push(0xB000 + i);
            payees.push(address(uint160(0xE000 + i)));
        }
    }

    function payerAt(uint256 i) external view returns (address) {
        return vm.addr(payerKeys[i]);
    }

    function idCount() external view returns (uint256) {
        return ids.length;
    }

    function open(uint256 who, uint256 to, uint8 saltSeed, uint256 amount, bool withPermit) external {
        uint256 key = payerKeys[who % payerKeys.length];
        address payer = vm.addr(key);
        address payee = payees[to % payees.length];
        bytes32 salt = bytes32(uint256(saltSeed % 8)); // small salt space: re-use attempts happen
        amount = bound(amount, MIN_DEPOSIT, 100e6);
        bytes32 id = pc.channelIdOf(payer, payee, salt);
        if (withPermit) {
            vm.prank(payer);
            try pc.open(
                payee, salt, amount, uint40(block.timestamp + 1 days), _permit(key, amount, block.timestamp + 1)
            ) {
                _opened(id, key, payee, salt, amount);
            } catch {}
        } else {
            vm.startPrank(payer);
            token.approve(address(pc), amount);
            try pc.open(payee, salt, amount, uint40(block.timestamp + 1 days), _noPermit()) {
                _opened(id, key, payee, salt, amount);
            } catch {}
            vm.stopPrank();
        }
    }

    function _opened(bytes32 id, uint256 key, address payee, bytes32 salt, uint256 amount) private {
        if (openCount[id] != 0) reopened = true;
        openCount[id] += 1;
        ids.push(id);
        payerKeyOf[id] = key;
        payeeOf[id] = payee;
        saltOf[id] = salt;
        depositedTotal[id] = amount;
    }

    function _pick(uint256 seed) private view returns (bytes32) {
        return ids[seed % ids.length];
    }

    function topUp(uint256 seed, uint256 amount) external {
        if (ids.length == 0) return;
        bytes32 id = _pick(seed);
        address payer = vm.addr(payerKeyOf[id]);
        amount = bound(amount, 1, 50e6);
        vm.startPrank(payer);
        token.approve(address(pc), amount);
        try pc.topUp(payeeOf[id], saltOf[id], amount, _noPermit()) {
            depositedTotal[id] += amount;
        } catch {}
        vm.stopPrank();
    }

    function extend(uint256 seed, uint256 secs) external {
        if (ids.length == 0) return;
        bytes32 id = _pick(seed);
        (,, uint40 e,) = pc.getChannel(id);
        vm.prank(vm.addr(payerKeyOf[id]));
        try pc.extend(payeeOf[id], saltOf[id], uint40(e + bound(secs, 1, 1 days))) {} catch {}
    }

    function claim(uint256 seed, uint256 amount) external {
        if (ids.length == 0) return;
        bytes32 id = _pick(seed);
        (uint256 d, uint256 c,,) = pc.getChannel(id);
        amount = bound(amount, 0, d + 10e6); // sometimes stale, sometimes above the deposit
        address payee = payeeOf[id];
        uint256 before = token.balanceOf(payee);
        vm.prank(payee);
        try pc.claim(vm.addr(payerKeyOf[id]), saltOf[id], amount, _voucher(payerKeyOf[id], id, amount)) {
            paidToPayee[id] += token.balanceOf(payee) - before;
        } catch {}
        c;
    }

    function claimMany(uint256 seedA, uint256 seedB, uint256 amount) external {
        if (ids.length == 0) return;
        bytes32 a = _pick(seedA);
        bytes32 b = _pick(seedB);
        if (a == b || payeeOf[a] != payeeOf[b]) return;
        (, uint256 ca,,) = pc.getChannel(a);
        (, uint256 cb,,) = pc.getChannel(b);
        amount = bound(amount, 1, 5e6);
        PaymentChannels.ClaimArgs[] memory cs = new PaymentChannels.ClaimArgs[](2);
        cs[0] = PaymentChannels.ClaimArgs(
            vm.addr(payerKeyOf[a]), saltOf[a], ca + amount, _voucher(payerKeyOf[a], a, ca + amount)
        );
        cs[1] = PaymentChannels.ClaimArgs(
            vm.addr(payerKeyOf[b]), saltOf[b], cb + amount, _voucher(payerKeyOf[b], b, cb + amount)
        );
        vm.prank(payeeOf[a]);
        try pc.claimMany(cs) {
            paidToPayee[a] += amount;
            paidToPayee[b] += amount;
        } catch {}
    }

    function close(uint256 seed, uint256 amount) external {
        if (ids.length == 0) return;
        bytes32 id = _pick(seed);
        (uint256 d,,,) = pc.getChannel(id);
        amount = bound(amount, 0, d + 10e6);
        address payee = payeeOf[id];
        uint256 before = token.balanceOf(payee);
        vm.prank(payee);
        try pc.close(vm.addr(payerKeyOf[id]), saltOf[id], amount, _voucher(payerKeyOf[id], id, amount)) {
            paidToPayee[id] += token.balanceOf(payee) - before;
        } catch {}
    }

    function startClose(uint256 seed) external {
        if (ids.length == 0) return;
        bytes32 id = _pick(seed);
        vm.prank(vm.addr(payerKeyOf[id]));
        try pc.startClose(payeeOf[id], saltOf[id]) {} catch {}
    }

    function settle(uint256 seed) external {
        if (ids.length == 0) return;
        bytes32 id = _pick(seed);
        vm.prank(vm.addr(payerKeyOf[id]));
        try pc.settle(payeeOf[id], saltOf[id]) {} catch {}
    }

    function passTime(uint256 secs) external {
        vm.warp(block.timestamp + bound(secs, 0, 12 hours));
    }
}

contract PaymentChannelsInvariantTest is ChannelsBase {
    PaymentChannelsHandler private handler;

    function setUp() public {
        vm.warp(1_700_000_000);
        token = new TestUSD(address(this));
        pc = new PaymentChannels(IERC20(address(token)), MIN_DEPOSIT, CHALLENGE);
        handler = new PaymentChannelsHandler(token, pc);
        for (uint256 i; i < 3; ++i) {
            token.mint(handler.payerAt(i), 1_000_000_000e6);
        }
        targetContract(address(handler));
    }

    /// @custom:invariant The contract's token balance equals what it owes: the sum over channels
    ///                   that are not closed of (deposit - claimed).
    function invariant_balanceEqualsOwed() public view {
        uint256 owed;
        for (uint256 i; i < handler.idCount(); ++i) {
            (uint256 d, uint256 c,, PaymentChannels.Status s) = pc.getChannel(handler.ids(i));
            if (s != PaymentChannels.Status.Closed) owed += d - c;
        }
        assertEq(token.balanceOf(address(pc)), owed, "balance == owed");
    }

    /// @custom:invariant No voucher pays more than the deposit: for every channel, claimed <=
    ///                   deposit and the tokens the payee received <= everything deposited.
    function invariant_noVoucherAboveDeposit() public view {
        for (uint256 i; i < handler.idCount(); ++i) {
            bytes32 id = handler.ids(i);
            (uint256 d, uint256 c,,) = pc.getChannel(id);
            assertLe(c, d, "claimed <= deposit");
            assertEq(handler.paidToPayee(id), c, "payee received exactly claimed");
            assertEq(handler.depositedTotal(id), d, "deposit == deposited");
        }
    }

    /// @custom:invariant A channel id is never reused: no id was ever opened twice, even after closing.
    function invariant_channelIdNeverReused() public view {
        assertFalse(handler.reopened(), "an id was opened twice");
        for (uint256 i; i < handler.idCount(); ++i) {
            assertEq(handler.openCount(handler.ids(i)), 1, "open count");
        }
    }
}
