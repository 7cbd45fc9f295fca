// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {OpKind, ProgramOp, Source} from "../../types/DisputeTypes.sol";

/// @title MlpProgram
/// @notice The op program of one SGD step of an MLP, derived from the widths and the batch size
///         alone: an exact mirror of core's `StepProgram.build` (ops indexed by position; the
///         gather constants are not part of it, the game draws them from (seed, step)).
///         12·L − 1 ops for L layers (23 for a 2-layer MLP); the last 2·L are the sgd updates
///         W1', b1', W2', … in state order, i.e. the next state's parameters.
library MlpProgram {
    /// @notice Number of ops for `layers` layers.
    function opCount(uint256 layers) internal pure returns (uint256) {
        return 12 * layers - 1;
    }

    /// @notice Shape of parameter p (state order W1, b1, W2, b2, …): W_l is w_l × w_{l−1}, b_l is w_l × 1.
    function paramShape(uint32[] memory widths, uint256 p) internal pure returns (uint32 rows, uint32 cols) {
        uint256 l = p / 2 + 1;
        rows = widths[l];
        cols = p % 2 == 0 ? widths[l - 1] : 1;
    }

    /// @dev Builder state: the program so far and where the named tensors are.
    struct Builder {
        ProgramOp[] p;
        uint256 k;
        uint32 batch;
        uint256 g; //       op index of the current output gradient G_l
        uint256[] act; //   op index of X (l = 0) and A_l
        uint256[] zb; //    op index of Zb_l
        uint256[] dw; //    op index of dW_l
        uint256[] db; //    op index of db_l
    }

    /// @notice The whole program.
    function build(uint32[] memory w, uint32 batch) internal pure returns (ProgramOp[] memory) {
        uint256 layers = w.length - 1;
        Builder memory b;
        b.p = new ProgramOp[](opCount(layers));
        b.batch = batch;
        b.act = new uint256[](layers);
        b.zb = new uint256[](layers + 1);
        b.dw = new uint256[](layers + 1);
        b.db = new uint256[](layers + 1);
        _push(b, OpKind.GatherRows, _src(Source.DataX, 0), 0, batch, w[0]);
        _push(b, OpKind.GatherRows, _src(Source.DataY, 0), 0, batch, 1);
        for (uint256 l = 1; l <= layers; ++l) {
            _forward(b, w, l);
        }
        b.g = b.k;
        _push(b, OpKind.SoftmaxXentGrad, _src(Source.Op, b.zb[layers]), _src(Source.Op, 1), batch, w[layers]);
        for (uint256 l = layers; l >= 1; --l) {
            _backward(b, w, l);
        }
        for (uint256 l = 1; l <= layers; ++l) {
            _push(b, OpKind.SgdUpdate, _src(Source.Param, 2 * (l - 1)), _src(Source.Op, b.dw[l]), w[l], w[l - 1]);
            _push(b, OpKind.SgdUpdate, _src(Source.Param, 2 * l - 1), _src(Source.Op, b.db[l]), w[l], 1);
        }
        return b.p;
    }

    function _forward(Builder memory b, uint32[] memory w, uint256 l) private pure {
        uint32 batch = b.batch;
        uint256 z = _push(b, OpKind.MatMul, _src(Source.Op, b.act[l - 1]), _src(Source.Param, 2 * (l - 1)), batch, w[l]);
        b.zb[l] = _push(b, OpKind.AddBias, _src(Source.Op, z), _src(Source.Param, 2 * l - 1), batch, w[l]);
        if (l < w.length - 1) {
            b.act[l] = _push(b, OpKind.Relu, _src(Source.Op, b.zb[l]), 0, batch, w[l]);
        }
    }

    function _backward(Builder memory b, uint32[] memory w, uint256 l) private pure {
        uint32 batch = b.batch;
        uint256 gT = _push(b, OpKind.Transpose, _src(Source.Op, b.g), 0, w[l], batch);
        uint256 aT = _push(b, OpKind.Transpose, _src(Source.Op, b.act[l - 1]), 0, w[l - 1], batch);
        b.dw[l] = _push(b, OpKind.MatMul, _src(Source.Op, gT), _src(Source.Op, aT), w[l], w[l - 1]);
        b.db[l] = _push(b, OpKind.RowSum, _src(Source.Op, gT), 0, w[l], 1);
        if (l > 1) {
            uint256 wT = _push(b, OpKind.Transpose, _src(Source.Param, 2 * (l - 1)), 0, w[l - 1], w[l]);
            uint256 dA = _push(b, OpKind.MatMul, _src(Source.Op, b.g), _src(Source.Op, wT), batch, w[l - 1]);
            b.g = _push(b, OpKind.ReluBackward, _src(Source.Op, dA), _src(Source.Op, b.zb[l - 1]), batch, w[l - 1]);
        }
    }

    /// @dev An input reference packed as (source << 16) | id; 0 = none.
    function _src(Source s, uint256 id) private pure returns (uint256) {
        return (uint256(s) << 16) | id;
    }

    function _push(Builder memory b, OpKind kind, uint256 in0, uint256 in1, uint32 rows, uint32 cols)
        private
        pure
        returns (uint256 index)
    {
        index = b.k++;
        ProgramOp memory op = b.p[index];
        op.kind = kind;
        op.src0 = Source(in0 >> 16);
        op.in0 = uint16(in0);
        op.src1 = Source(in1 >> 16);
        op.in1 = uint16(in1);
        op.rows = rows;
        op.cols = cols;
    }

    /// @notice Shape of an op input (`src`, `id`) in the program `p`.
    function inputShape(uint32[] memory widths, ProgramOp[] memory p, Source src, uint256 id)
        internal
        pure
        returns (uint32 rows, uint32 cols)
    {
        if (src == Source.Param) return paramShape(widths, id);
        return (p[id].rows, p[id].cols);
    }
}
