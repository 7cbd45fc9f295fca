// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title IOpEvaluator
/// @notice A deployed element evaluator of one op family (see `OpFamilies`): recomputes one output
///         element of an op from the input rows that element reads (`OpRows`), each row packed as
///         big-endian int32 calldata and already proven by the caller. Stateless and pure.
interface IOpEvaluator {
    /// @notice Output element (row, col) of op `kind`; reverts `LeafEvaluator_UnknownOp` for a
    ///         kind outside the evaluator's family, and with the family's custom errors for
    ///         malformed rows or attributes.
    /// @param kind The op index (`OpKind`).
    /// @param row The output row.
    /// @param col The output column.
    /// @param in0 The row of input 0 the element reads.
    /// @param in1 The row of input 1 the element reads (empty for one-input ops).
    /// @param attrs The op's attributes in `Op.attributes()` order: a graph node's attributes, and
    ///        for adamw_update the step t appended after its six constants.
    /// @return The output element (an int32).
    function element(
        uint8 kind,
        uint256 row,
        uint256 col,
        bytes calldata in0,
        bytes calldata in1,
        uint256[] calldata attrs
    ) external pure returns (int256);
}
