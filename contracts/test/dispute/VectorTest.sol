// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Test} from "../base/Test.sol";

/// @notice What the mirror tests of the evaluator libraries share: reading one of core's vector
///         files (core/src/test/resources/vectors, written by the Java rules), addressing its
///         cases, packing rows as calldata, and the pseudo-random rows and attribute lists the
///         fuzz and revert tests feed the harnesses.
abstract contract VectorTest is Test {
    /// @dev ds-test style log, printed by forge at -vv.
    event log_named_uint(string key, uint256 val);

    int256 internal constant ONE = 65536;

    /// @dev The vector file, read in `setUp` by tests that keep it in storage.
    string internal json;

    /// @dev The named file of core's shared vectors.
    function _vectors(string memory file) internal view returns (string memory) {
        return vm.readFile(string.concat(vm.projectRoot(), "/../core/src/test/resources/vectors/", file));
    }

    // ---------------------------------------------------------------------------- JSON helpers

    function _k(string memory list, uint256 i, string memory field) internal pure returns (string memory) {
        return string.concat(".", list, "[", vm.toString(i), "]", field);
    }

    /// @dev How many cases `list` of the stored file has.
    function _count(string memory list) internal view returns (uint256 n) {
        while (vm.keyExistsJson(json, string.concat(".", list, "[", vm.toString(n), "]"))) ++n;
    }

    /// @dev How many cases `list` of `doc` has (for a file read into memory per test).
    function _count(string memory doc, string memory list) internal view returns (uint256 n) {
        while (vm.keyExistsJson(doc, string.concat(".", list, "[", vm.toString(n), "]"))) ++n;
    }

    function _int(string memory key) internal view returns (int256) {
        return vm.parseJsonInt(json, key);
    }

    function _uint(string memory key) internal view returns (uint256) {
        return vm.parseJsonUint(json, key);
    }

    function _row(string memory key) internal view returns (bytes memory) {
        return _pack(vm.parseJsonIntArray(json, key));
    }

    /// @dev Packs int32 values as big-endian 4-byte words, the calldata layout of a row.
    function _pack(int256[] memory v) internal pure returns (bytes memory out) {
        out = new bytes(v.length * 4);
        for (uint256 i; i < v.length; ++i) {
            uint256 u = uint32(int32(v[i]));
            for (uint256 b; b < 4; ++b) {
                out[4 * i + b] = bytes1(uint8(u >> (24 - 8 * b)));
            }
        }
    }

    /// @dev Word `i` of a packed row.
    function _slice4(bytes memory b, uint256 i) internal pure returns (bytes4 out) {
        assembly ("memory-safe") {
            out := mload(add(add(b, 32), shl(2, i)))
        }
    }

    // ------------------------------------------------------------------------- generated input

    /// @dev `n` pseudo-random int32 values from `seed`, packed: extremes (int32 min/max, 0, +-1,
    ///      +-1.0) in half the places, small magnitudes in a fifth, arbitrary values otherwise.
    function _randomRow(uint256 seed, uint256 n) internal pure returns (bytes memory) {
        int256[] memory v = new int256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 x = uint256(keccak256(abi.encode(seed, i)));
            uint256 pick = x % 14;
            if (pick == 0) v[i] = type(int32).min;
            else if (pick == 1) v[i] = type(int32).max;
            else if (pick == 2) v[i] = 0;
            else if (pick == 3) v[i] = 1;
            else if (pick == 4) v[i] = -1;
            else if (pick == 5) v[i] = ONE;
            else if (pick == 6) v[i] = -ONE;
            else if (pick < 10) v[i] = int256(int32(uint32(x >> 8))) / 4096; // within +-8.0
            else v[i] = int32(uint32(x >> 8));
        }
        return _pack(v);
    }

    function _one(uint256 a) internal pure returns (uint256[] memory v) {
        v = new uint256[](1);
        v[0] = a;
    }

    function _two(uint256 a, uint256 b) internal pure returns (uint256[] memory v) {
        v = new uint256[](2);
        v[0] = a;
        v[1] = b;
    }

    function _three(uint256 a, uint256 b, uint256 c) internal pure returns (uint256[] memory v) {
        v = new uint256[](3);
        v[0] = a;
        v[1] = b;
        v[2] = c;
    }
}
