// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Vm} from "./Vm.sol";

/// @notice Minimal stand-in for forge-std's Test: the cheatcode handle, assertions that fail the
///         test with a message, and the target registries forge's invariant runner reads.
abstract contract Test {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    bool public IS_TEST = true;

    address[] private _targetContracts;
    address[] private _excludeSenders;
    FuzzSelector[] private _targetSelectors;

    /// @notice The functions of `addr` forge's invariant runner may call (forge-std's shape).
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    // ----------------------------------------------------------------------------------- failing
    function fail(string memory reason) internal pure {
        revert(reason);
    }

    // ---------------------------------------------------------------------------------- asserts
    function assertTrue(bool c, string memory m) internal pure {
        if (!c) fail(m);
    }

    function assertTrue(bool c) internal pure {
        assertTrue(c, "assertion failed: expected true");
    }

    function assertFalse(bool c, string memory m) internal pure {
        if (c) fail(m);
    }

    function assertFalse(bool c) internal pure {
        assertFalse(c, "assertion failed: expected false");
    }

    function assertEq(uint256 a, uint256 b, string memory m) internal pure {
        if (a != b) fail(string.concat(m, ": ", _u(a), " != ", _u(b)));
    }

    function assertEq(uint256 a, uint256 b) internal pure {
        assertEq(a, b, "assertEq(uint256) failed");
    }

    function assertEq(int256 a, int256 b, string memory m) internal pure {
        if (a != b) fail(string.concat(m, ": ", _i(a), " != ", _i(b)));
    }

    function assertEq(int256 a, int256 b) internal pure {
        assertEq(a, b, "assertEq(int256) failed");
    }

    function assertEq(address a, address b, string memory m) internal pure {
        if (a != b) fail(string.concat(m, ": addresses differ"));
    }

    function assertEq(address a, address b) internal pure {
        assertEq(a, b, "assertEq(address) failed");
    }

    function assertEq(bytes32 a, bytes32 b, string memory m) internal pure {
        if (a != b) fail(string.concat(m, ": bytes32 differ"));
    }

    function assertEq(bytes32 a, bytes32 b) internal pure {
        assertEq(a, b, "assertEq(bytes32) failed");
    }

    function assertEq(bool a, bool b, string memory m) internal pure {
        if (a != b) fail(m);
    }

    function assertEq(string memory a, string memory b, string memory m) internal pure {
        if (keccak256(bytes(a)) != keccak256(bytes(b))) fail(string.concat(m, ": '", a, "' != '", b, "'"));
    }

    function assertEq(bytes memory a, bytes memory b, string memory m) internal pure {
        if (keccak256(a) != keccak256(b)) fail(string.concat(m, ": bytes differ"));
    }

    function assertLe(uint256 a, uint256 b, string memory m) internal pure {
        if (a > b) fail(string.concat(m, ": ", _u(a), " > ", _u(b)));
    }

    function assertGe(uint256 a, uint256 b, string memory m) internal pure {
        if (a < b) fail(string.concat(m, ": ", _u(a), " < ", _u(b)));
    }

    function assertLt(uint256 a, uint256 b, string memory m) internal pure {
        if (a >= b) fail(string.concat(m, ": ", _u(a), " >= ", _u(b)));
    }

    function assertGt(uint256 a, uint256 b, string memory m) internal pure {
        if (a <= b) fail(string.concat(m, ": ", _u(a), " <= ", _u(b)));
    }

    // ------------------------------------------------------------------------------- fuzz helpers
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min + 1;
        return min + (x % size);
    }

    // -------------------------------------------------------------------- invariant target lists
    function targetContract(address t) internal {
        _targetContracts.push(t);
    }

    function targetSelector(FuzzSelector memory s) internal {
        _targetSelectors.push(s);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetSelectors;
    }

    function excludeSender(address s) internal {
        _excludeSenders.push(s);
    }

    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    function excludeSenders() public view returns (address[] memory) {
        return _excludeSenders;
    }

    // ------------------------------------------------------------------------------- formatting
    function _u(uint256 v) private pure returns (string memory) {
        return vm.toString(v);
    }

    function _i(int256 v) private pure returns (string memory) {
        return v < 0 ? string.concat("-", vm.toString(uint256(-v))) : vm.toString(uint256(v));
    }
}
