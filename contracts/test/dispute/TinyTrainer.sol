// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {LeafEvaluatorHarness} from "../../harness/LeafEvaluatorHarness.sol";
import {LeafVerifier} from "../../src/dispute/LeafVerifier.sol";
import {ProgramOp, Source, OpKind} from "../../src/types/DisputeTypes.sol";

/// @notice Test-only trainer of a tiny MLP (4-3-2, batch 2, 4 samples): runs core's step program
///         (as derived on chain by LeafVerifier.programOp) element by element through the leaf
///         evaluator harness, so the honest trace is exactly what the game's leaf check recomputes.
///         Cheats alter one thing and the run continues consistently from the altered value.
contract TinyTrainer {
    uint8 internal constant NONE = 0;
    uint8 internal constant INIT_FLIP = 1; //    initial param `op`, element (row, col) + 1
    uint8 internal constant OP_FLIP = 2; //      op `op` element (row, col) + 1 at `step`
    uint8 internal constant SKIP_SGD = 3; //     sgd outputs = inputs at `step`
    uint8 internal constant WRONG_ETA = 4; //    eta doubled at `step`
    uint8 internal constant WRONG_BATCH = 5; //  batch index +1 mod N at `step`

    struct Cheat {
        uint8 kind;
        uint64 step;
        uint256 op;
        uint256 row;
        uint256 col;
    }

    LeafEvaluatorHarness public immutable h;
    LeafVerifier public immutable lv;
    uint32[] internal _widths;
    uint32 public constant BATCH = 2;
    uint64 public constant ETA = 52429 * 16; // lr 0.1 / B=2 is 838861; a round value near it
    uint64 public constant N = 4;
    uint64 public constant SEED = 7;

    bytes[] internal _features;
    uint256[] internal _labels;

    constructor(LeafVerifier lv_) {
        h = new LeafEvaluatorHarness();
        lv = lv_;
        _widths = [uint32(4), 3, 2];
        int32[4][4] memory f = [
            [int32(65536), -32768, 12000, 0],
            [int32(-5000), 40000, 65535, 30000],
            [int32(20000), 20000, -65536, 1000],
            [int32(0), 65536, 32768, -16384]
        ];
        for (uint256 i; i < 4; ++i) {
            _features.push(packRow(_row4(f[i])));
            _labels.push(i % 3 == 0 ? 0 : 1);
        }
    }

    function widths() external view returns (uint32[] memory) {
        return _widths;
    }

    function sample(uint256 i) public view returns (bytes memory) {
        return abi.encode(i, _labels[i], _features[i]);
    }

    // ------------------------------------------------------------------------------- dataset

    function datasetLeaf(uint256 i) public view returns (bytes32) {
        return keccak256(bytes.concat(keccak256(sample(i))));
    }

    function datasetRoot() external view returns (bytes32) {
        return _hp(_hp(datasetLeaf(0), datasetLeaf(1)), _hp(datasetLeaf(2), datasetLeaf(3)));
    }

    function datasetProof(uint256 i) external view returns (bytes32[] memory p) {
        p = new bytes32[](2);
        p[0] = datasetLeaf(i ^ 1);
        p[1] = i < 2 ? _hp(datasetLeaf(2), datasetLeaf(3)) : _hp(datasetLeaf(0), datasetLeaf(1));
    }

    function _hp(bytes32 a, bytes32 b) private pure returns (bytes32) {
        return a < b ? keccak256(abi.encodePacked(a, b)) : keccak256(abi.encodePacked(b, a));
    }

    // ------------------------------------------------------------------------------- training

    function initialParams(Cheat memory cheat) public view returns (bytes[][] memory p) {
        p = new bytes[][](4);
        for (uint256 q; q < 4; ++q) {
            uint256 l = q / 2 + 1;
            uint32 rows = _widths[l];
            uint32 cols = q % 2 == 0 ? _widths[l - 1] : 1;
            p[q] = new bytes[](rows);
            for (uint256 r; r < rows; ++r) {
                int256[] memory v = new int256[](cols);
                for (uint256 c; c < cols; ++c) {
                    v[c] = h.initialParameter(SEED, uint64(q), uint32(r), uint32(c), cols);
                    if (cheat.kind == INIT_FLIP && cheat.op == q && cheat.row == r && cheat.col == c) v[c] += 1;
                }
                p[q][r] = packRow(v);
            }
        }
    }

    /// @notice Every op output of `step` from `params` (program order; the last 4 are the next params).
    function runStep(bytes[][] memory params, uint64 step, Cheat memory cheat)
        public
        view
        returns (bytes[][] memory outs)
    {
        uint256 count = lv.programLength(2);
        outs = new bytes[][](count);
        bool active = cheat.step == step;
        for (uint256 k; k < count; ++k) {
            ProgramOp memory op = lv.programOp(_widths, BATCH, k);
            outs[k] = new bytes[](op.rows);
            for (uint256 r; r < op.rows; ++r) {
                int256[] memory v = new int256[](op.cols);
                for (uint256 c; c < op.cols; ++c) {
                    v[c] = _element(params, outs, op, step, r, c, cheat, active);
                    if (active && cheat.kind == OP_FLIP && cheat.op == k && cheat.row == r && cheat.col == c) {
                        v[c] += 65536;
                    }
                }
                outs[k][r] = packRow(v);
            }
            if (active && cheat.kind == SKIP_SGD && op.kind == OpKind.SgdUpdate) {
                outs[k] = params[op.in0];
            }
        }
    }

    function _element(
        bytes[][] memory params,
        bytes[][] memory outs,
        ProgramOp memory op,
        uint64 step,
        uint256 r,
        uint256 c,
        Cheat memory cheat,
        bool active
    ) private view returns (int256) {
        if (op.kind == OpKind.GatherRows) {
            uint256 idx = h.batchIndex(SEED, step, uint64(r), N);
            if (active && cheat.kind == WRONG_BATCH) idx = (idx + 1) % N;
            return op.src0 == Source.DataX ? h.element(8, r, c, _features[idx], "", 0) : int256(_labels[idx]);
        }
        bytes memory in0 = _row(params, outs, op.src0, op.in0, op.kind == OpKind.Transpose ? c : r);
        bytes memory in1;
        if (op.src1 != Source.None) {
            bool byCol = op.kind == OpKind.MatMul || op.kind == OpKind.AddBias;
            in1 = _row(params, outs, op.src1, op.in1, byCol ? c : r);
        }
        uint256 eta = active && cheat.kind == WRONG_ETA ? ETA * 2 : ETA;
        return h.element(uint8(op.kind), r, c, in0, in1, eta);
    }

    function _row(bytes[][] memory params, bytes[][] memory outs, Source src, uint256 id, uint256 r)
        private
        pure
        returns (bytes memory)
    {
        return src == Source.Param ? params[id][r] : outs[id][r];
    }

    function nextParams(bytes[][] memory outs) public pure returns (bytes[][] memory p) {
        p = new bytes[][](4);
        for (uint256 q; q < 4; ++q) {
            p[q] = outs[outs.length - 4 + q];
        }
    }

    // ------------------------------------------------------------------------------- packing

    function packRow(int256[] memory v) public pure returns (bytes memory out) {
        out = new bytes(v.length * 4);
        for (uint256 i; i < v.length; ++i) {
            uint32 u = uint32(int32(v[i]));
            out[4 * i] = bytes1(uint8(u >> 24));
            out[4 * i + 1] = bytes1(uint8(u >> 16));
            out[4 * i + 2] = bytes1(uint8(u >> 8));
            out[4 * i + 3] = bytes1(uint8(u));
        }
    }

    function _row4(int32[4] memory a) private pure returns (int256[] memory v) {
        v = new int256[](4);
        for (uint256 i; i < 4; ++i) {
            v[i] = a[i];
        }
    }
}
