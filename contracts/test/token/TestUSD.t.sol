// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Test} from "../base/Test.sol";
import {TestUSD} from "../../src/token/TestUSD.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

contract TestUSDTest is Test {
    bytes32 private constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    TestUSD private token;
    address private owner = address(0xA11CE);
    uint256 private userKey = 0xB0B;
    address private user;
    address private spender = address(0x5BE);

    function setUp() public {
        user = vm.addr(userKey);
        token = new TestUSD(owner);
    }

    function test_decimals_isSix() public view {
        assertEq(uint256(token.decimals()), 6, "decimals");
    }

    function test_mint_byOwner_creditsBalance() public {
        vm.prank(owner);
        token.mint(user, 1_000e6);
        assertEq(token.balanceOf(user), 1_000e6, "balance");
        assertEq(token.totalSupply(), 1_000e6, "supply");
    }

    function test_mint_byStranger_reverts() public {
        vm.prank(user);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, user));
        token.mint(user, 1);
    }

    function testFuzz_mint_onlyOwner(address caller, uint96 amount) public {
        vm.assume(caller != owner);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
        token.mint(caller, amount);
        assertEq(token.totalSupply(), 0, "supply unchanged");
    }

    function test_permit_thenTransferFrom_movesFunds() public {
        vm.prank(owner);
        token.mint(user, 500e6);
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(userKey, user, spender, 200e6, 0, deadline);

        token.permit(user, spender, 200e6, deadline, v, r, s);
        assertEq(token.allowance(user, spender), 200e6, "allowance");
        assertEq(token.nonces(user), 1, "nonce");

        vm.prank(spender);
        token.transferFrom(user, spender, 200e6);
        assertEq(token.balanceOf(spender), 200e6, "spender balance");
        assertEq(token.balanceOf(user), 300e6, "user balance");
    }

    function test_permit_replayed_reverts() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(userKey, user, spender, 1e6, 0, deadline);
        token.permit(user, spender, 1e6, deadline, v, r, s);
        // The nonce moved on, so the same signature now recovers to a different signer.
        vm.expectRevert();
        token.permit(user, spender, 1e6, deadline, v, r, s);
        assertEq(token.nonces(user), 1, "nonce unchanged by the failed replay");
    }

    function test_permit_expired_reverts() public {
        vm.warp(10_000);
        uint256 deadline = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(userKey, user, spender, 1e6, 0, deadline);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        token.permit(user, spender, 1e6, deadline, v, r, s);
    }

    function testFuzz_permit_wrongSigner_reverts(uint256 otherKey) public {
        otherKey = bound(otherKey, 1, 1e30);
        vm.assume(otherKey != userKey);
        uint256 deadline = block.timestamp + 1;
        (uint8 v, bytes32 r, bytes32 s) = _signPermit(otherKey, user, spender, 1e6, 0, deadline);
        vm.expectRevert();
        token.permit(user, spender, 1e6, deadline, v, r, s);
        assertEq(token.allowance(user, spender), 0, "no allowance");
    }

    function _signPermit(uint256 key, address o, address sp, uint256 value, uint256 nonce, uint256 deadline)
        private
        view
        returns (uint8, bytes32, bytes32)
    {
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, o, sp, value, nonce, deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
        return vm.sign(key, digest);
    }
}
