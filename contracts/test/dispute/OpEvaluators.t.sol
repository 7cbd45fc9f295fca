// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {VectorTest} from "./VectorTest.sol";
import {IOpEvaluator} from "../../src/interfaces/IOpEvaluator.sol";
import {NormEvaluator} from "../../src/dispute/evaluators/NormEvaluator.sol";
import {AttentionEvaluator} from "../../src/dispute/evaluators/AttentionEvaluator.sol";
import {ConvEvaluator} from "../../src/dispute/evaluators/ConvEvaluator.sol";
import {OptimizerEvaluator} from "../../src/dispute/evaluators/OptimizerEvaluator.sol";
import {NormOpsHarness} from "../../harness/NormOpsHarness.sol";
import {AttentionOpsHarness} from "../../harness/AttentionOpsHarness.sol";
import {ConvOpsHarness} from "../../harness/ConvOpsHarness.sol";
import {OptimizerOpsHarness} from "../../harness/OptimizerOpsHarness.sol";
import {OpFamilies} from "../../src/dispute/lib/OpFamilies.sol";
import {OpKind} from "../../src/types/DisputeTypes.sol";
import {LeafEvaluator_UnknownOp} from "../../src/dispute/lib/Errors.sol";

/// @notice The deployed family evaluators against their libraries: every op case of core's shared
///         files (norm-, attention-, conv- and optimizer-ops.json) comes out of the evaluator that
///         `OpFamilies.familyOf` names exactly as out of the family library's harness and as the
///         Java rules wrote it; each evaluator refuses every kind of the other families.
contract OpEvaluatorsTest is VectorTest {
    /// @dev Core's op names of the network kinds, in `OpKind` order from layer_norm_stats.
    string[33] private NAMES = [
        "layer_norm_stats",
        "layer_norm_apply",
        "mul_column",
        "layer_norm_backward_stats",
        "layer_norm_backward",
        "concat_columns",
        "mul_elementwise",
        "gelu",
        "gelu_backward",
        "split_heads",
        "merge_heads",
        "block_matmul",
        "block_transpose",
        "scale",
        "causal_softmax",
        "softmax_backward",
        "conv2d",
        "conv2d_input_grad",
        "channels_by_row",
        "conv2d_weight_grad",
        "add_channel_bias",
        "max_pool2d",
        "max_pool2d_backward",
        "avg_pool2d",
        "avg_pool2d_backward",
        "one_hot",
        "add_positions",
        "position_grad",
        "add",
        "adam_m",
        "adam_v",
        "adamw_update",
        "sequence_tokens"
    ];

    /// @dev The evaluator of family f at index f - 1.
    IOpEvaluator[4] private evaluators;

    /// @dev The harness of family f's library at index f - 1. The harnesses' `element` has the
    ///      interface's selector (NormOpsHarness returns int32, whose ABI word is the int256 one),
    ///      so each is called through `IOpEvaluator`.
    IOpEvaluator[4] private libraries;

    string private normJson;
    string private attentionJson;
    string private convJson;
    string private optimizerJson;

    function setUp() public {
        evaluators = [
            IOpEvaluator(new NormEvaluator()),
            IOpEvaluator(new AttentionEvaluator()),
            IOpEvaluator(new ConvEvaluator()),
            IOpEvaluator(new OptimizerEvaluator())
        ];
        libraries = [
            IOpEvaluator(address(new NormOpsHarness())),
            IOpEvaluator(address(new AttentionOpsHarness())),
            IOpEvaluator(address(new ConvOpsHarness())),
            IOpEvaluator(address(new OptimizerOpsHarness()))
        ];
        // read once here: a test that reads a file pays gas for the checkout's path length
        normJson = _vectors("norm-ops.json");
        attentionJson = _vectors("attention-ops.json");
        convJson = _vectors("conv-ops.json");
        optimizerJson = _vectors("optimizer-ops.json");
    }

    function _kind(string memory name) private view returns (uint8) {
        bytes32 n = keccak256(bytes(name));
        for (uint256 i; i < NAMES.length; ++i) {
            if (keccak256(bytes(NAMES[i])) == n) return uint8(OpKind.LayerNormStats) + uint8(i);
        }
        revert(string.concat("unknown op in vectors: ", name));
    }

    function _evaluator(uint8 kind) private view returns (IOpEvaluator) {
        return evaluators[OpFamilies.familyOf(OpKind(kind)) - 1];
    }

    // ---------------------------------------------------------------------------------- vectors

    function test_vectors_normFamily() public view {
        _checkFile(normJson, ".attributes", libraries[0], 9 * 16);
    }

    function test_vectors_attentionFamily() public view {
        _checkFile(attentionJson, ".attrs", libraries[1], 7 * 12);
    }

    function test_vectors_convFamily() public view {
        _checkFile(convJson, ".attributes", libraries[2], 9 * 12);
    }

    /// @notice optimizer-ops.json also holds concat_columns cases: family 1 owns that kind, so
    ///         `NormEvaluator` must agree with `OptimizerOps` on them.
    function test_vectors_optimizerFamily() public view {
        _checkFile(optimizerJson, ".attrs", libraries[3], 125);
    }

    /// @dev One op case of a vector file.
    struct Case {
        uint8 kind;
        uint256 row;
        uint256 col;
        bytes in0;
        bytes in1;
        uint256[] attrs;
        int256 out;
    }

    function _checkFile(string memory doc, string memory attrKey, IOpEvaluator library_, uint256 expected)
        private
        view
    {
        uint256 n = _count(doc, "ops");
        assertEq(n, expected, "op cases in the file");
        for (uint256 i; i < n; ++i) {
            Case memory c = _case(doc, i, attrKey);
            string memory what = string.concat("ops #", vm.toString(i));
            int256 lib = library_.element(c.kind, c.row, c.col, c.in0, c.in1, c.attrs);
            assertEq(lib, c.out, what);
            assertEq(_evaluator(c.kind).element(c.kind, c.row, c.col, c.in0, c.in1, c.attrs), lib, what);
        }
    }

    function _case(string memory doc, uint256 i, string memory attrKey) private view returns (Case memory c) {
        c.kind = _kind(vm.parseJsonString(doc, _k("ops", i, ".op")));
        uint256[] memory pos = vm.parseJsonUintArray(doc, _k("ops", i, ".position"));
        (c.row, c.col) = (pos[0], pos[1]);
        c.attrs = vm.parseJsonUintArray(doc, _k("ops", i, attrKey));
        c.in0 = _pack(vm.parseJsonIntArray(doc, _k("ops", i, ".rows[0].values")));
        if (vm.keyExistsJson(doc, _k("ops", i, ".rows[1]"))) {
            c.in1 = _pack(vm.parseJsonIntArray(doc, _k("ops", i, ".rows[1].values")));
        }
        c.out = vm.parseJsonInt(doc, _k("ops", i, ".out"));
    }

    // ------------------------------------------------------------------------------- ownership

    function test_familyOf_everyKind() public pure {
        for (uint256 k; k <= uint8(type(OpKind).max); ++k) {
            uint8 f = OpFamilies.familyOf(OpKind(k));
            if (k <= uint8(OpKind.GatherRows)) {
                assertEq(f, OpFamilies.MLP, "matmul .. gather_rows");
            } else if (k <= uint8(OpKind.GeluBackward)) {
                assertEq(f, OpFamilies.NORM, "layer_norm_stats .. gelu_backward");
            } else if (k <= uint8(OpKind.SoftmaxBackward)) {
                assertEq(f, OpFamilies.ATTENTION, "split_heads .. softmax_backward");
            } else if (k <= uint8(OpKind.AvgPool2dBackward)) {
                assertEq(f, OpFamilies.CONV, "conv2d .. avg_pool2d_backward");
            } else {
                assertEq(f, OpFamilies.OPTIMIZER, "one_hot .. sequence_tokens");
            }
        }
        assertEq(OpFamilies.familyOf(OpKind.ConcatColumns), OpFamilies.NORM, "concat_columns by its index");
    }

    /// @notice Each evaluator reverts `LeafEvaluator_UnknownOp` for every kind of another family
    ///         and for indices past `OpKind`.
    function test_foreignKinds_revert() public {
        bytes memory row = new bytes(4);
        for (uint256 f = 1; f <= 4; ++f) {
            for (uint256 k; k < 256; ++k) {
                if (k <= uint8(type(OpKind).max) && OpFamilies.familyOf(OpKind(k)) == f) continue;
                if (k > uint8(type(OpKind).max) + 2 && k != 255) continue;
                vm.expectRevert(abi.encodeWithSelector(LeafEvaluator_UnknownOp.selector, k));
                evaluators[f - 1].element(uint8(k), 0, 0, row, row, new uint256[](0));
            }
        }
    }
}
