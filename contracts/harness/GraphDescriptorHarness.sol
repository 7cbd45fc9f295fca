// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {GraphDescriptor} from "../src/dispute/lib/GraphDescriptor.sol";

/// @title GraphDescriptorHarness
/// @notice Exposes `GraphDescriptor` for the forge tests. Holds nothing; not deployed by the devnet.
contract GraphDescriptorHarness {
    /// @notice `GraphDescriptor.fromNodes`.
    function fromNodes(bytes[] calldata encodings) external pure returns (uint32[] memory d, uint32 widest) {
        return GraphDescriptor.fromNodes(encodings);
    }

    /// @notice `GraphDescriptor.root`.
    function root(uint32[] memory d) external pure returns (bytes32) {
        return GraphDescriptor.root(d);
    }
}
