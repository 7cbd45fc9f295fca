// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {OpRows, RowQuery} from "../src/dispute/lib/OpRows.sol";

/// @title OpRowsHarness
/// @notice Exposes `OpRows.rowsRead` as an external pure function for the forge vector and revert
///         tests. Holds nothing; not deployed by the devnet.
contract OpRowsHarness {
    /// @notice `OpRows.rowsRead`.
    /// @param q The element, the node's attributes and its inputs' shapes.
    /// @return r0 The row of input 0.
    /// @return r1 The row of input 1, or `OpRows.NONE`.
    function rowsRead(RowQuery calldata q) external pure returns (uint256 r0, uint256 r1) {
        return OpRows.rowsRead(q);
    }
}
