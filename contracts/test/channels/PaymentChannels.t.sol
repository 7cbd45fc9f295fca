// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Test} from "../base/Test.sol";
import {TestUSD} from "../../src/token/TestUSD.sol";
import {PaymentChannels} from "../../src/channels/PaymentChannels.sol";
import {PermitData} from "../../src/types/PermitData.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPaymentChannels} from "../../src/interfaces/IPaymentChannels.sol";

/// @notice Signing helpers shared by the channel tests and the invariant handler.
abstract contract ChannelsBase is Test {
    bytes32 internal constant VOUCHER_TYPEHASH = keccak256("Voucher(bytes32 channelId,uint256 cumulativeAmount)");
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    uint96 internal constant MIN_DEPOSIT = 1e6;
    uint40 internal constant CHALLENGE = 1 hours;

    TestUSD internal token;
    PaymentChannels internal pc;

    function _voucherDigest(bytes32 id, uint256 amount) internal view returns (bytes32) {
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Tribunal PaymentChannels"),
                keccak256("1"),
                block.chainid,
                address(pc)
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domain, keccak256(abi.encode(VOUCHER_TYPEHASH, id, amount))));
    }

    function _voucher(uint256 key, bytes32 id, uint256 amount) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, _voucherDigest(id, amount));
        return abi.encodePacked(r, s, v);
    }

    function _highS(bytes memory sig) internal pure returns (bytes memory) {
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(sig, 32))
            s := mload(add(sig, 64))
            v := byte(0, mload(add(sig, 96)))
        }
        return abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
    }

    function _permit(uint256 key, uint256 value, uint256 deadline) internal view returns (PermitData memory p) {
        address owner = vm.addr(key);
        bytes32 structHash =
            keccak256(abi.encode(PERMIT_TYPEHASH, owner, address(pc), value, token.nonces(owner), deadline));
        (p.v, p.r, p.s) = vm.sign(key, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
        p.value = value;
        p.deadline = deadline;
    }

    function _noPermit() internal pure returns (PermitData memory p) {}
}

contract PaymentChannelsTest is ChannelsBase {
    uint256 private payerKey = 0xB0B;
    address private payer;
    address private payee = address(0x5E7);
    bytes32 private salt = bytes32("s1");
    uint40 private expiry;

    // Pre-built arguments for the gas tests.
    PermitData private gasPermit;
    bytes private gasSig;

    function setUp() public {
        vm.warp(1_700_000_000);
        token = new TestUSD(address(this));
        pc = new PaymentChannels(IERC20(address(token)), MIN_DEPOSIT, CHALLENGE);
        payer = vm.addr(payerKey);
        token.mint(payer, 1_000e6);
        token.mint(payee, 1); // the payee already holds the token (a warm balance slot)
        expiry = uint40(block.timestamp + 1 days);
    }

    function _open(uint256 amount) internal returns (bytes32 id) {
        PermitData memory p = _permit(payerKey, amount, block.timestamp + 1 hours);
        vm.prank(payer);
        id = pc.open(payee, salt, amount, expiry, p);
    }

    function _state(bytes32 id) internal view returns (bytes32) {
        (uint256 d, uint256 c, uint40 e, PaymentChannels.Status s) = pc.getChannel(id);
        return
            keccak256(
                abi.encode(d, c, e, s, token.balanceOf(address(pc)), token.balanceOf(payee), token.balanceOf(payer))
            );
    }

    function _expectClaimRejected(bytes32 id, uint256 amount, bytes memory sig, bytes memory err) internal {
        bytes32 before = _state(id);
        vm.prank(payee);
        vm.expectRevert(err);
        pc.claim(payer, salt, amount, sig);
        assertEq(_state(id), before, "state changed by a rejected claim");
    }

    // ------------------------------------------------------------------------------ constructor
    function test_constructor_challengePeriodBelowTheMinimum_reverts() public {
        uint40 min = pc.MIN_CHALLENGE_PERIOD();
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannels_ChallengePeriodTooShort.selector, uint40(0), min)
        );
        new PaymentChannels(IERC20(address(token)), MIN_DEPOSIT, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannels_ChallengePeriodTooShort.selector, min - 1, min)
        );
        new PaymentChannels(IERC20(address(token)), MIN_DEPOSIT, min - 1);
        (,, uint40 period) = new PaymentChannels(IERC20(address(token)), MIN_DEPOSIT, min).config();
        assertEq(period, min, "the minimum itself is accepted");
    }

    function test_constructor_zeroMinDeposit_reverts() public {
        vm.expectRevert(IPaymentChannels.PaymentChannels_ZeroAmount.selector);
        new PaymentChannels(IERC20(address(token)), 0, CHALLENGE);
    }

    function test_domainSeparator_bindsChainAndAddress() public view {
        assertEq(pc.hashVoucher(bytes32("x"), 5), _voucherDigest(bytes32("x"), 5), "digest");
        assertEq(pc.VOUCHER_TYPEHASH(), VOUCHER_TYPEHASH, "typehash");
    }

    // ------------------------------------------------------------------------------------- open
    function test_open_withPermit_escrowsDeposit() public {
        bytes32 id = _open(10e6);
        assertEq(id, keccak256(abi.encode(payer, payee, salt)), "id");
        (uint256 d, uint256 c, uint40 e, PaymentChannels.Status s) = pc.getChannel(id);
        assertEq(d, 10e6, "deposit");
        assertEq(c, 0, "claimed");
        assertEq(uint256(e), expiry, "expiry");
        assertEq(uint256(s), uint256(PaymentChannels.Status.Open), "open");
        assertEq(token.balanceOf(address(pc)), 10e6, "escrow");
    }

    function test_open_permitFrontRun_stillSucceeds() public {
        PermitData memory p = _permit(payerKey, 10e6, block.timestamp + 1 hours);
        token.permit(payer, address(pc), p.value, p.deadline, p.v, p.r, p.s);
        vm.prank(payer);
        pc.open(payee, salt, 10e6, expiry, p);
        assertEq(token.balanceOf(address(pc)), 10e6, "escrow");
    }

    function test_open_belowMinimum_reverts() public {
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(IPaymentChannels.PaymentChannels_DepositTooSmall.selector, 1e6 - 1, 1e6));
        pc.open(payee, salt, 1e6 - 1, expiry, _noPermit());
    }

    function test_open_pastExpiry_reverts() public {
        vm.prank(payer);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannels_ExpiryInPast.selector, uint40(block.timestamp))
        );
        pc.open(payee, salt, 1e6, uint40(block.timestamp), _noPermit());
    }

    function test_open_zeroPayee_reverts() public {
        vm.prank(payer);
        vm.expectRevert(IPaymentChannels.PaymentChannels_ZeroAddress.selector);
        pc.open(address(0), salt, 1e6, expiry, _noPermit());
    }

    function test_open_reusedIdAfterClose_reverts() public {
        bytes32 id = _open(10e6);
        vm.prank(payee);
        pc.close(payer, salt, 0, "");
        PermitData memory p = _permit(payerKey, 10e6, block.timestamp + 1 hours);
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(IPaymentChannels.PaymentChannels_ChannelIdUsed.selector, id));
        pc.open(payee, salt, 10e6, expiry, p);
    }

    function testFuzz_open_anySaltAnyAmount(bytes32 s, uint256 amount) public {
        amount = bound(amount, MIN_DEPOSIT, 1_000e6);
        vm.prank(payer);
        token.approve(address(pc), amount);
        vm.prank(payer);
        bytes32 id = pc.open(payee, s, amount, expiry, _noPermit());
        (uint256 d,,,) = pc.getChannel(id);
        assertEq(d, amount, "deposit");
        assertEq(id, pc.channelIdOf(payer, payee, s), "id");
    }

    // ------------------------------------------------------------------------------ topUp/extend
    function test_topUp_addsDeposit() public {
        bytes32 id = _open(10e6);
        PermitData memory p = _permit(payerKey, 5e6, block.timestamp + 1 hours);
        vm.prank(payer);
        pc.topUp(payee, salt, 5e6, p);
        (uint256 d,,,) = pc.getChannel(id);
        assertEq(d, 15e6, "deposit");
        assertEq(token.balanceOf(address(pc)), 15e6, "escrow");
    }

    function test_topUp_unknownChannel_reverts() public {
        bytes32 id = pc.channelIdOf(payer, payee, salt);
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(IPaymentChannels.PaymentChannels_UnknownChannel.selector, id));
        pc.topUp(payee, salt, 5e6, _noPermit());
    }

    function test_topUp_zero_reverts() public {
        _open(10e6);
        vm.prank(payer);
        vm.expectRevert(IPaymentChannels.PaymentChannels_ZeroAmount.selector);
        pc.topUp(payee, salt, 0, _noPermit());
    }

    function test_topUp_closing_reverts() public {
        bytes32 id = _open(10e6);
        vm.prank(payer);
        pc.startClose(payee, salt);
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(IPaymentChannels.PaymentChannels_ChannelNotOpen.selector, id));
        pc.topUp(payee, salt, 1, _noPermit());
    }

    function test_extend_movesExpiry() public {
        bytes32 id = _open(10e6);
        vm.prank(payer);
        pc.extend(payee, salt, expiry + 1 days);
        (,, uint40 e,) = pc.getChannel(id);
        assertEq(uint256(e), expiry + 1 days, "extended");
    }

    function test_extend_notLater_reverts() public {
        _open(10e6);
        vm.prank(payer);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannels_ExpiryNotLater.selector, expiry, expiry)
        );
        pc.extend(payee, salt, expiry);
    }

    function testFuzz_topUp_conserves(uint256 a, uint256 b) public {
        a = bound(a, MIN_DEPOSIT, 500e6);
        b = bound(b, 1, 500e6);
        vm.startPrank(payer);
        token.approve(address(pc), a + b);
        bytes32 id = pc.open(payee, salt, a, expiry, _noPermit());
        pc.topUp(payee, salt, b, _noPermit());
        vm.stopPrank();
        (uint256 d,,,) = pc.getChannel(id);
        assertEq(d, a + b, "deposit");
        assertEq(token.balanceOf(address(pc)), a + b, "escrow");
    }

    // ------------------------------------------------------------------------------------ claim
    function test_claim_paysDifference() public {
        bytes32 id = _open(10e6);
        vm.startPrank(payee);
        pc.claim(payer, salt, 3e6, _voucher(payerKey, id, 3e6));
        pc.claim(payer, salt, 7e6, _voucher(payerKey, id, 7e6));
        vm.stopPrank();
        (, uint256 c,, PaymentChannels.Status s) = pc.getChannel(id);
        assertEq(c, 7e6, "claimed");
        assertEq(uint256(s), uint256(PaymentChannels.Status.Open), "still open");
        assertEq(token.balanceOf(payee), 7e6 + 1, "paid");
    }

    function test_claim_aboveDeposit_reverts() public {
        bytes32 id = _open(10e6);
        _expectClaimRejected(
            id,
            10e6 + 1,
            _voucher(payerKey, id, 10e6 + 1),
            abi.encodeWithSelector(IPaymentChannels.PaymentChannels_VoucherExceedsDeposit.selector, 10e6 + 1, 10e6)
        );
    }

    function test_claim_staleAfterHigher_reverts() public {
        bytes32 id = _open(10e6);
        bytes memory low = _voucher(payerKey, id, 3e6);
        vm.prank(payee);
        pc.claim(payer, salt, 5e6, _voucher(payerKey, id, 5e6));
        _expectClaimRejected(
            id, 3e6, low, abi.encodeWithSelector(IPaymentChannels.PaymentChannels_StaleVoucher.selector, 3e6, 5e6)
        );
        _expectClaimRejected(
            id,
            5e6,
            _voucher(payerKey, id, 5e6),
            abi.encodeWithSelector(IPaymentChannels.PaymentChannels_StaleVoucher.selector, 5e6, 5e6)
        );
    }

    function test_claim_closedChannel_reverts() public {
        bytes32 id = _open(10e6);
        bytes memory sig = _voucher(payerKey, id, 4e6);
        vm.prank(payee);
        pc.close(payer, salt, 2e6, _voucher(payerKey, id, 2e6));
        _expectClaimRejected(
            id, 4e6, sig, abi.encodeWithSelector(IPaymentChannels.PaymentChannels_ChannelClosed.selector, id)
        );
    }

    function test_claim_highS_reverts() public {
        bytes32 id = _open(10e6);
        _expectClaimRejected(
            id,
            1e6,
            _highS(_voucher(payerKey, id, 1e6)),
            abi.encodeWithSelector(IPaymentChannels.PaymentChannels_SignatureHighS.selector)
        );
    }

    function test_claim_wrongSigner_reverts() public {
        bytes32 id = _open(10e6);
        _expectClaimRejected(
            id,
            1e6,
            _voucher(0xBAD, id, 1e6),
            abi.encodeWithSelector(IPaymentChannels.PaymentChannels_InvalidSignature.selector)
        );
    }

    function test_claim_voucherForOtherChannel_reverts() public {
        bytes32 id = _open(10e6);
        bytes32 other = pc.channelIdOf(payer, payee, bytes32("s2"));
        _expectClaimRejected(
            id,
            1e6,
            _voucher(payerKey, other, 1e6),
            abi.encodeWithSelector(IPaymentChannels.PaymentChannels_InvalidSignature.selector)
        );
    }

    function test_claim_otherChainId_reverts() public {
        bytes32 id = _open(10e6);
        bytes memory sig = _voucher(payerKey, id, 1e6);
        vm.chainId(5);
        _expectClaimRejected(
            id, 1e6, sig, abi.encodeWithSelector(IPaymentChannels.PaymentChannels_InvalidSignature.selector)
        );
    }

    function test_claim_byStranger_reverts() public {
        bytes32 id = _open(10e6);
        bytes memory sig = _voucher(payerKey, id, 1e6);
        bytes32 strangerId = pc.channelIdOf(payer, address(0x5), salt);
        vm.prank(address(0x5));
        vm.expectRevert(abi.encodeWithSelector(IPaymentChannels.PaymentChannels_UnknownChannel.selector, strangerId));
        pc.claim(payer, salt, 1e6, sig);
    }

    function test_claim_whileClosing_succeeds() public {
        bytes32 id = _open(10e6);
        vm.prank(payer);
        pc.startClose(payee, salt);
        vm.prank(payee);
        pc.claim(payer, salt, 6e6, _voucher(payerKey, id, 6e6));
        assertEq(token.balanceOf(payee), 6e6 + 1, "paid during the challenge period");
    }

    function testFuzz_claim_neverAboveDeposit(uint256 deposit, uint256 amount) public {
        deposit = bound(deposit, MIN_DEPOSIT, 1_000e6);
        amount = bound(amount, 1, 2_000e6);
        bytes32 id = _open(deposit);
        bytes memory sig = _voucher(payerKey, id, amount);
        vm.prank(payee);
        if (amount > deposit) {
            vm.expectRevert(
                abi.encodeWithSelector(IPaymentChannels.PaymentChannels_VoucherExceedsDeposit.selector, amount, deposit)
            );
        }
        pc.claim(payer, salt, amount, sig);
        (, uint256 c,,) = pc.getChannel(id);
        assertLe(c, deposit, "claimed <= deposit");
    }

    // -------------------------------------------------------------------------------- claimMany
    function test_claimMany_acrossChannels() public {
        bytes32 id1 = _open(10e6);
        PermitData memory p = _permit(payerKey, 10e6, block.timestamp + 1 hours);
        vm.prank(payer);
        bytes32 id2 = pc.open(payee, bytes32("s2"), 10e6, expiry, p);
        PaymentChannels.ClaimArgs[] memory cs = new PaymentChannels.ClaimArgs[](2);
        cs[0] = PaymentChannels.ClaimArgs(payer, salt, 2e6, _voucher(payerKey, id1, 2e6));
        cs[1] = PaymentChannels.ClaimArgs(payer, bytes32("s2"), 3e6, _voucher(payerKey, id2, 3e6));
        vm.prank(payee);
        pc.claimMany(cs);
        assertEq(token.balanceOf(payee), 5e6 + 1, "paid both");
        (, uint256 c1,,) = pc.getChannel(id1);
        (, uint256 c2,,) = pc.getChannel(id2);
        assertEq(c1 + c2, 5e6, "claimed");
    }

    function test_claimMany_oneBad_revertsAll() public {
        bytes32 id1 = _open(10e6);
        PaymentChannels.ClaimArgs[] memory cs = new PaymentChannels.ClaimArgs[](2);
        cs[0] = PaymentChannels.ClaimArgs(payer, salt, 2e6, _voucher(payerKey, id1, 2e6));
        cs[1] = PaymentChannels.ClaimArgs(payer, salt, 11e6, _voucher(payerKey, id1, 11e6));
        bytes32 before = _state(id1);
        vm.prank(payee);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannels_VoucherExceedsDeposit.selector, 11e6, 10e6)
        );
        pc.claimMany(cs);
        assertEq(_state(id1), before, "nothing changed");
    }

    function test_claimMany_empty_noop() public {
        PaymentChannels.ClaimArgs[] memory cs = new PaymentChannels.ClaimArgs[](0);
        vm.prank(payee);
        pc.claimMany(cs);
    }

    // ------------------------------------------------------------------------------------ close
    function test_close_paysBothSides() public {
        bytes32 id = _open(10e6);
        vm.prank(payee);
        pc.claim(payer, salt, 2e6, _voucher(payerKey, id, 2e6));
        uint256 payerBefore = token.balanceOf(payer);
        vm.prank(payee);
        pc.close(payer, salt, 7e6, _voucher(payerKey, id, 7e6));
        assertEq(token.balanceOf(payee), 7e6 + 1, "payee total");
        assertEq(token.balanceOf(payer) - payerBefore, 3e6, "payer refund");
        assertEq(token.balanceOf(address(pc)), 0, "empty");
        (,,, PaymentChannels.Status s) = pc.getChannel(id);
        assertEq(uint256(s), uint256(PaymentChannels.Status.Closed), "closed");
    }

    function test_close_stale_reverts() public {
        bytes32 id = _open(10e6);
        vm.prank(payee);
        pc.claim(payer, salt, 5e6, _voucher(payerKey, id, 5e6));
        bytes memory sig = _voucher(payerKey, id, 4e6);
        vm.prank(payee);
        vm.expectRevert(abi.encodeWithSelector(IPaymentChannels.PaymentChannels_StaleVoucher.selector, 4e6, 5e6));
        pc.close(payer, salt, 4e6, sig);
    }

    function test_close_aboveDeposit_reverts() public {
        bytes32 id = _open(10e6);
        bytes memory sig = _voucher(payerKey, id, 10e6 + 1);
        bytes32 before = _state(id);
        vm.prank(payee);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentChannels.PaymentChannels_VoucherExceedsDeposit.selector, 10e6 + 1, 10e6)
        );
        pc.close(payer, salt, 10e6 + 1, sig);
        assertEq(_state(id), before, "unchanged");
    }

    function test_close_twice_reverts() public {
        bytes32 id = _open(10e6);
        vm.startPrank(payee);
        pc.close(payer, salt, 1e6, _voucher(payerKey, id, 1e6));
        vm.expectRevert(abi.encodeWithSelector(IPaymentChannels.PaymentChannels_ChannelClosed.selector, id));
        pc.close(payer, salt, 1e6, _voucher(payerKey, id, 1e6));
        vm.stopPrank();
    }

    function test_close_highS_reverts() public {
        bytes32 id = _open(10e6);
        bytes memory sig = _highS(_voucher(payerKey, id, 1e6));
        vm.prank(payee);
        vm.expectRevert(IPaymentChannels.PaymentChannels_SignatureHighS.selector);
        pc.close(payer, salt, 1e6, sig);
    }

    function testFuzz_close_conserves(uint256 deposit, uint256 amount) public {
        deposit = bound(deposit, MIN_DEPOSIT, 1_000e6);
        amount = bound(amount, 0, deposit);
        bytes32 id = _open(deposit);
        uint256 payerBefore = token.balanceOf(payer);
        vm.prank(payee);
        pc.close(payer, salt, amount, _voucher(payerKey, id, amount));
        assertEq(token.balanceOf(payee) - 1 + token.balanceOf(payer) - payerBefore, deposit, "deposit split exactly");
        assertEq(token.balanceOf(address(pc)), 0, "nothing left");
    }

    // --------------------------------------------------------------------------- startClose/settle
    function test_startClose_shortensToChallengePeriod() public {
        bytes32 id = _open(10e6);
        vm.prank(payer);
        pc.startClose(payee, salt);
        (,, uint40 e, PaymentChannels.Status s) = pc.getChannel(id);
        assertEq(uint256(e), block.timestamp + CHALLENGE, "challenge end");
        assertEq(uint256(s), uint256(PaymentChannels.Status.Closing), "closing");
    }

    function test_startClose_twice_reverts() public {
        bytes32 id = _open(10e6);
        vm.startPrank(payer);
        pc.startClose(payee, salt);
        vm.expectRevert(abi.encodeWithSelector(IPaymentChannels.PaymentChannels_ChannelNotOpen.selector, id));
        pc.startClose(payee, salt);
        vm.stopPrank();
    }

    function test_settle_beforeChallengeEnd_reverts() public {
        _open(10e6);
        vm.prank(payer);
        pc.startClose(payee, salt);
        uint40 end = uint40(block.timestamp + CHALLENGE);
        vm.warp(end - 1);
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(IPaymentChannels.PaymentChannels_NotExpired.selector, end));
        pc.settle(payee, salt);
    }

    function test_settle_afterChallenge_refundsRest() public {
        bytes32 id = _open(10e6);
        vm.prank(payer);
        pc.startClose(payee, salt);
        vm.prank(payee);
        pc.claim(payer, salt, 4e6, _voucher(payerKey, id, 4e6));
        vm.warp(block.timestamp + CHALLENGE);
        uint256 before = token.balanceOf(payer);
        vm.prank(payer);
        pc.settle(payee, salt);
        assertEq(token.balanceOf(payer) - before, 6e6, "refund");
        assertEq(token.balanceOf(address(pc)), 0, "empty");
        bytes memory late = _voucher(payerKey, id, 5e6);
        vm.prank(payee);
        vm.expectRevert(abi.encodeWithSelector(IPaymentChannels.PaymentChannels_ChannelClosed.selector, id));
        pc.claim(payer, salt, 5e6, late);
    }

    function test_settle_afterExpiryWithoutClose_refunds() public {
        _open(10e6);
        vm.warp(expiry);
        uint256 before = token.balanceOf(payer);
        vm.prank(payer);
        pc.settle(payee, salt);
        assertEq(token.balanceOf(payer) - before, 10e6, "withdrawn after expiry");
    }

    function test_settle_beforeExpiry_reverts() public {
        _open(10e6);
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(IPaymentChannels.PaymentChannels_NotExpired.selector, expiry));
        pc.settle(payee, salt);
    }

    // -------------------------------------------------------------------------------------- gas
    /// @dev Gas of exactly one `open` with a permit: the payer's first permit, the contract already
    ///      holds other channels' deposits (the usual case).
    function test_gas_openWithPermit() public {
        vm.pauseGasMetering();
        _open(1e6); // another channel keeps the contract's token balance non-zero
        salt = bytes32("s2");
        uint256 otherKey = 0xB0B2;
        token.mint(vm.addr(otherKey), 100e6);
        gasPermit = _permit(otherKey, 10e6, block.timestamp + 1 hours);
        PermitData memory p = gasPermit;
        vm.prank(vm.addr(otherKey));
        vm.resumeGasMetering();
        pc.open(payee, salt, 10e6, expiry, p);
    }

    /// @dev Worst case: the very first channel of the contract (its token balance slot goes 0 -> x).
    function test_gas_openWithPermit_firstChannel() public {
        vm.pauseGasMetering();
        gasPermit = _permit(payerKey, 10e6, block.timestamp + 1 hours);
        PermitData memory p = gasPermit;
        vm.prank(payer);
        vm.resumeGasMetering();
        pc.open(payee, salt, 10e6, expiry, p);
    }

    /// @dev Gas of exactly one `claim` (channel opened earlier, payee already holds tokens).
    function test_gas_claim() public {
        vm.pauseGasMetering();
        bytes32 id = _open(10e6);
        gasSig = _voucher(payerKey, id, 3e6);
        bytes memory sig = gasSig;
        vm.prank(payee);
        vm.resumeGasMetering();
        pc.claim(payer, salt, 3e6, sig);
    }

    /// @dev Gas of exactly one `close` with the latest voucher.
    function test_gas_close() public {
        vm.pauseGasMetering();
        bytes32 id = _open(10e6);
        gasSig = _voucher(payerKey, id, 3e6);
        bytes memory sig = gasSig;
        vm.prank(payee);
        vm.resumeGasMetering();
        pc.close(payer, salt, 3e6, sig);
    }
}
