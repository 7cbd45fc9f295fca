// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {GameLayout, IGameWords} from "../../src/dispute/lib/GameLayout.sol";
import {JobMarketBase} from "../market/JobMarketBase.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {JobRequest} from "../../src/types/JobTypes.sol";
import {IJobMarketDisputeHook} from "../../src/interfaces/IJobMarketDisputeHook.sol";
import {DisputeGame} from "../../src/dispute/DisputeGame.sol";
import {LeafVerifier} from "../../src/dispute/LeafVerifier.sol";
import {GraphVerifier} from "../../src/dispute/GraphVerifier.sol";
import {RowCommitment} from "../../src/dispute/lib/RowCommitment.sol";
import {
    ClaimKind,
    Phase,
    TreeKind,
    GameView,
    HyperParams,
    IntervalReveal,
    StepReveal,
    LeafReveal,
    NodeOpening,
    ProgramOp,
    Source,
    OpKind
} from "../../src/types/DisputeTypes.sol";
import {TinyTrainer} from "./TinyTrainer.sol";

/// @notice A real JobMarket + DisputeGame, a tiny MLP trained twice (honest and the solver's
///         possibly cheating run), and two bots that play any game from that local data: the
///         solver reveals what its run committed, the challenger picks the first disagreement
///         with the honest run (or, when it is frivolous, an arbitrary one).
abstract contract DisputeGameBase is JobMarketBase {
    uint96 internal constant BOND = 5e6;
    /// @notice Refund per challenger move out of a proven cheat (the devnet's reference rate).
    uint96 internal constant MOVE_REFUND = 1e6;
    uint32 internal constant CLOCK = 1 hours;
    uint256 internal constant USER_KEY = 0xA11CE;
    uint8 internal constant HONEST = 0;
    uint8 internal constant SOLVER = 1;

    DisputeGame internal dg;
    LeafVerifier internal lv;
    TinyTrainer internal tt;
    address internal user;
    address internal solver = address(0x50);
    address internal challenger = address(0xC1);
    address internal challenger2 = address(0xC2);

    bytes32 internal jobId;
    JobRequest internal req;
    uint64 internal nSteps;
    uint16 internal kInterval;
    bytes32 internal modelOverride;
    bool internal frivolous;
    // trace-tree leaf overrides of the solver (non-chaining cheat): index + 1 => leaf
    mapping(uint256 => bytes32) internal leafOverride;

    // side => step => tensor (params 0..3, ops 100 + k) => rows
    mapping(uint8 => mapping(uint256 => mapping(uint256 => bytes[]))) internal _rows;
    mapping(uint8 => mapping(uint256 => bool)) internal _opsDone;
    mapping(uint8 => bytes32[]) internal _stepLeaves; // per-step trace leaves, steps 0..n
    TinyTrainer.Cheat internal cheat;
    /// @notice Moves (opens included) made by `challenger` in games played by `_play`.
    uint256 internal challengerMoves;
    /// @notice Who makes the challenger's moves in `_play` / `_moveOnce` (default `challenger`).
    address internal playingChallenger;
    /// @notice Whose run the solver bot plays from (the cheating run by default; HONEST for an
    ///         honest solver's job).
    uint8 internal solverSide = SOLVER;
    /// @notice Who makes the solver's moves (default `solver`).
    address internal playingSolver;

    /// @dev The empty node opening of an MLP job's pick.
    function _noOpening() internal pure returns (NodeOpening memory o) {}

    function _setUpGame() internal {
        _deploy();
        lv = new LeafVerifier(GraphVerifier(address(0)));
        dg = new DisputeGame(
            IJobMarketDisputeHook(address(market)), IERC20(address(token)), admin, BOND, CLOCK, MOVE_REFUND, lv
        );
        bytes32 gameRole = market.DISPUTE_GAME_ROLE();
        vm.prank(admin);
        market.grantRole(gameRole, address(dg));
        tt = new TinyTrainer(lv);
        user = vm.addr(USER_KEY);
        _operator(solver, 1, 1_000e6);
        token.mint(challenger, 100e6);
        token.mint(challenger2, 100e6);
        vm.prank(challenger);
        token.approve(address(dg), type(uint256).max);
        vm.prank(challenger2);
        token.approve(address(dg), type(uint256).max);
    }

    // ------------------------------------------------------------------------------- training

    function _train(uint64 n, uint16 k, TinyTrainer.Cheat memory c) internal {
        nSteps = n;
        kInterval = k;
        cheat = c;
        _run(HONEST, TinyTrainer.Cheat(0, type(uint64).max, 0, 0, 0));
        if (c.kind == 0) {
            _copyHonest();
        } else {
            _run(SOLVER, c);
        }
    }

    function _run(uint8 side, TinyTrainer.Cheat memory c) private {
        bytes[][] memory p = tt.initialParams(c);
        _storeParams(side, 0, p);
        for (uint64 t; t < nSteps; ++t) {
            bytes[][] memory outs = tt.runStep(p, t, c);
            p = tt.nextParams(outs);
            _storeParams(side, t + 1, p);
        }
    }

    function _copyHonest() private {
        for (uint256 t; t <= nSteps; ++t) {
            _stepLeaves[SOLVER].push(_stepLeaves[HONEST][t]);
            for (uint256 q; q < 4; ++q) {
                bytes[] storage src = _rows[HONEST][t][q];
                for (uint256 r; r < src.length; ++r) {
                    _rows[SOLVER][t][q].push(src[r]);
                }
            }
        }
    }

    function _storeParams(uint8 side, uint256 t, bytes[][] memory p) private {
        for (uint256 q; q < 4; ++q) {
            for (uint256 r; r < p[q].length; ++r) {
                _rows[side][t][q].push(p[q][r]);
            }
        }
        _stepLeaves[side].push(lv.stateLeaf(tt.widths(), uint64(t), _paramRoots(side, t)));
    }

    function _ops(uint8 side, uint256 t) internal returns (bytes32[] memory roots) {
        if (!_opsDone[side][t]) {
            bytes[][] memory p = new bytes[][](4);
            for (uint256 q; q < 4; ++q) {
                p[q] = _rows[side][t][q];
            }
            bytes[][] memory outs = tt.runStep(p, uint64(t), side == SOLVER ? cheat : TinyTrainer.Cheat(0, 0, 0, 0, 0));
            for (uint256 k; k < outs.length; ++k) {
                for (uint256 r; r < outs[k].length; ++r) {
                    _rows[side][t][100 + k].push(outs[k][r]);
                }
            }
            _opsDone[side][t] = true;
        }
        roots = new bytes32[](23);
        for (uint256 k; k < 23; ++k) {
            roots[k] = _treeRoot(_rows[side][t][100 + k]);
        }
    }

    function _paramRoots(uint8 side, uint256 t) internal view returns (bytes32[] memory roots) {
        roots = new bytes32[](4);
        for (uint256 q; q < 4; ++q) {
            roots[q] = _treeRoot(_rows[side][t][q]);
        }
    }

    // ------------------------------------------------------------------------------- job setup

    function _hyper() internal pure returns (HyperParams memory) {
        return HyperParams(2, 52429 * 16, 4);
    }

    function _configHash() internal view returns (bytes32) {
        HyperParams memory hp = _hyper();
        return keccak256(
            abi.encodePacked(
                bytes1(0x06), req.modelSpecHash, req.datasetRoot, req.seed, hp.batch, hp.eta, nSteps, uint64(kInterval)
            )
        );
    }

    /// @notice Submits, claims and commits the job of the trained runs, and registers it.
    function _commitJob() internal {
        req = _request(user, 1);
        req.modelSpecHash = keccak256("mlp:4-3-2");
        req.datasetRoot = tt.datasetRoot();
        HyperParams memory hp = _hyper();
        req.hyperParamsHash = keccak256(abi.encode(uint256(hp.batch), uint256(hp.eta), uint256(hp.datasetSize)));
        req.steps = nSteps;
        req.seed = tt.SEED();
        req.collateral = 200e6;
        token.mint(user, req.price);
        vm.prank(user);
        token.approve(address(market), req.price);
        market.submitJob(req, _signRequest(USER_KEY, req), _noPermit(), _hyper(), tt.widths());
        jobId = market.hashJobRequest(req);
        vm.prank(solver);
        market.claim(jobId);
        bytes32 traceRoot = keccak256(
            abi.encodePacked(bytes1(0x05), _configHash(), nSteps, uint64(kInterval), _root(_traceLeaves(SOLVER)))
        );
        bytes32 model = modelOverride != bytes32(0) ? modelOverride : _stateHash(SOLVER, nSteps);
        vm.prank(solver);
        market.commit(jobId, traceRoot, nSteps, kInterval, model, _root(_stepLeaves[SOLVER]));
        dg.registerJob(req, hp, tt.widths());
    }

    function _stateHash(uint8 side, uint256 t) internal view returns (bytes32) {
        uint32[] memory w = tt.widths();
        bytes32[] memory roots = _paramRoots(side, t);
        bytes32[] memory tensorRoots = new bytes32[](4);
        for (uint256 q; q < 4; ++q) {
            uint256 l = q / 2 + 1;
            tensorRoots[q] = RowCommitment.tensorRoot(w[l], q % 2 == 0 ? w[l - 1] : 1, roots[q]);
        }
        return keccak256(abi.encodePacked(bytes1(0x03), uint64(t), tensorRoots));
    }

    function _open(address who, ClaimKind kind) internal returns (uint256 id) {
        vm.prank(who);
        id = dg.open(jobId, kind);
        if (who == challenger) ++challengerMoves;
    }

    // ------------------------------------------------------------------------------- trees

    function _traceLeaves(uint8 side) internal view returns (bytes32[] memory leaves) {
        uint256 count = (nSteps + kInterval - 1) / kInterval + 1;
        leaves = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            uint256 s = i * kInterval < nSteps ? i * kInterval : nSteps;
            leaves[i] = _stepLeaves[side][s];
            if (side == SOLVER && leafOverride[i + 1] != bytes32(0)) leaves[i] = leafOverride[i + 1];
        }
    }

    function _intervalLeaves(uint8 side, uint256 first, uint256 last) internal view returns (bytes32[] memory leaves) {
        leaves = new bytes32[](last - first + 1);
        for (uint256 s = first; s <= last; ++s) {
            leaves[s - first] = _stepLeaves[side][s];
        }
        if (side == SOLVER) {
            // the solver's interval must start and end at its committed trace leaves
            bytes32[] memory tl = _traceLeaves(SOLVER);
            leaves[0] = tl[first / kInterval];
            leaves[leaves.length - 1] = tl[(last + kInterval - 1) / kInterval];
        }
    }

    function _rowLeaves(bytes[] storage rows) internal view returns (bytes32[] memory leaves) {
        leaves = new bytes32[](rows.length);
        for (uint256 r; r < rows.length; ++r) {
            leaves[r] = _rowLeaf(uint32(r), rows[r]);
        }
    }

    function _rowLeaf(uint32 index, bytes memory row) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes1(0x00), index, row));
    }

    function _treeRoot(bytes[] storage rows) internal view returns (bytes32) {
        return _root(_rowLeaves(rows));
    }

    function _node(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(bytes1(0x01), a, b));
    }

    function _height(uint256 n) internal pure returns (uint256 h) {
        while ((uint256(1) << h) < n) ++h;
    }

    /// @dev Node at (height, index) of the positional tree over `leaves`.
    function _at(bytes32[] memory leaves, uint256 height, uint256 index) internal pure returns (bytes32) {
        if (height == 0) return index < leaves.length ? leaves[index] : bytes32(0);
        return _node(_at(leaves, height - 1, 2 * index), _at(leaves, height - 1, 2 * index + 1));
    }

    function _root(bytes32[] memory leaves) internal pure returns (bytes32) {
        return _at(leaves, _height(leaves.length), 0);
    }

    function _proof(bytes32[] memory leaves, uint256 index, uint256 depth) internal pure returns (bytes32[] memory p) {
        p = new bytes32[](depth);
        for (uint256 l; l < depth; ++l) {
            p[l] = _at(leaves, l, (index >> l) ^ 1);
        }
    }

    function _children(bytes32[] memory leaves, uint256 height, uint256 index)
        internal
        pure
        returns (bytes32[] memory c)
    {
        uint256 d = height < 4 ? height : 4;
        c = new bytes32[](1 << d);
        for (uint256 j; j < c.length; ++j) {
            c[j] = _at(leaves, height - d, (index << d) + j);
        }
    }

    // ------------------------------------------------------------------------------- bots

    /// @dev Leaves of the tree the game currently dissects, for one side.
    function _currentLeaves(uint256 id, uint8 side) internal returns (bytes32[] memory) {
        GameView memory v = GameLayout.read(dg, id);
        if (v.tree == TreeKind.Trace) return _traceLeaves(side);
        if (v.tree == TreeKind.Interval) {
            uint256 last = v.baseStep + v.leafCount - 1;
            return _intervalLeaves(side, v.baseStep, last);
        }
        return _rowLeaves(_tensorRows(v, side));
    }

    function _tensorRows(GameView memory v, uint8 side) internal returns (bytes[] storage) {
        if (v.atInit) return _rows[side][0][v.tensor];
        _ops(side, v.step);
        return _rows[side][v.step][100 + v.tensor];
    }

    /// @notice Plays the side to move once. Returns false if that side cannot move (its move reverts).
    function _moveOnce(uint256 id) internal returns (bool) {
        GameView memory v = GameLayout.read(dg, id);
        if (v.phase == Phase.Pick || v.phase == Phase.PickTensor || v.phase == Phase.PickColumn) {
            _challengerMove(id, v);
            return true;
        }
        return _solverMove(id, v);
    }

    function _solverMove(uint256 id, GameView memory v) internal returns (bool ok) {
        bytes memory data = _solverCalldata(id, v);
        vm.prank(playingSolver == address(0) ? solver : playingSolver);
        (ok,) = address(dg).call(data);
    }

    function _solverCalldata(uint256 id, GameView memory v) internal returns (bytes memory) {
        if (v.phase == Phase.AwaitTrace) {
            bytes32[] memory tl = _traceLeaves(solverSide);
            uint256 h = _height(tl.length);
            bytes32 root = _root(tl);
            if (v.kind == ClaimKind.Transition) {
                return abi.encodeCall(DisputeGame.revealTrace, (id, root, _children(tl, h, 0)));
            }
            if (v.kind == ClaimKind.Init) {
                return abi.encodeCall(DisputeGame.revealInit, (id, root, _proof(tl, 0, h), _paramRoots(solverSide, 0)));
            }
            return abi.encodeCall(DisputeGame.proveModel, (id, root, _proof(tl, tl.length - 1, h)));
        }
        if (v.phase == Phase.Reveal) {
            return
                abi.encodeCall(DisputeGame.reveal, (id, _children(_currentLeaves(id, solverSide), v.height, v.index)));
        }
        if (v.phase == Phase.AwaitInterval) return abi.encodeCall(DisputeGame.postInterval, (id, _intervalReveal(v)));
        if (v.phase == Phase.AwaitInitState) {
            return abi.encodeCall(DisputeGame.revealInitState, (id, _paramRoots(solverSide, 0)));
        }
        if (v.phase == Phase.AwaitStep) return abi.encodeCall(DisputeGame.revealStep, (id, _stepReveal(v)));
        bytes[] storage rows = _tensorRows(v, solverSide);
        if (v.phase == Phase.OpenRow) return abi.encodeCall(DisputeGame.openRow, (id, rows[v.row]));
        return abi.encodeCall(DisputeGame.proveLeaf, (id, _leafReveal(v, rows[v.row])));
    }

    function _intervalReveal(GameView memory v) internal view returns (IntervalReveal memory r) {
        bytes32[] memory tl = _traceLeaves(solverSide);
        uint256 L = v.index;
        r.agreedLeaf = tl[L - 1];
        r.predProof = _proof(tl, L - 1, v.predHeight);
        uint256 first = (L - 1) * kInterval;
        uint256 last = L * kInterval < nSteps ? L * kInterval : nSteps;
        if (last - first == 1) return r;
        bytes32[] memory il = _intervalLeaves(solverSide, first, last);
        uint256 h = _height(il.length);
        r.intervalRoot = _root(il);
        r.firstProof = _proof(il, 0, h);
        r.lastProof = _proof(il, il.length - 1, h);
        r.children = _children(il, h, 0);
    }

    function _stepReveal(GameView memory v) internal returns (StepReveal memory r) {
        if (v.tree == TreeKind.Interval) {
            bytes32[] memory il = _intervalLeaves(solverSide, v.baseStep, v.baseStep + v.leafCount - 1);
            uint256 j = v.step - v.baseStep;
            r.agreedLeaf = il[j];
            r.predProof = _proof(il, j, v.predHeight);
        } else {
            r.agreedLeaf = _traceLeaves(solverSide)[v.index - 1];
        }
        r.paramRoots = _paramRoots(solverSide, v.step);
        r.opRoots = _ops(solverSide, v.step);
    }

    function _leafReveal(GameView memory v, bytes memory outRow) internal returns (LeafReveal memory r) {
        r.outRow = outRow;
        if (v.atInit) return r;
        ProgramOp memory op = lv.programOp(tt.widths(), 2, v.tensor);
        if (op.kind == OpKind.GatherRows) {
            uint256 idx = tt.h().batchIndex(tt.SEED(), v.step, v.row, 4);
            r.in0 = tt.sample(idx);
            r.proof0 = tt.datasetProof(idx);
            return r;
        }
        (r.in0, r.proof0) = _inputRow(v, op.src0, op.in0, op.kind == OpKind.Transpose ? v.col : v.row);
        if (op.src1 != Source.None) {
            bool byCol = op.kind == OpKind.MatMul || op.kind == OpKind.AddBias;
            (r.in1, r.proof1) = _inputRow(v, op.src1, op.in1, byCol ? v.col : v.row);
        }
    }

    function _inputRow(GameView memory v, Source src, uint256 id, uint256 index)
        internal
        view
        returns (bytes memory row, bytes32[] memory proof)
    {
        bytes[] storage rows = src == Source.Param ? _rows[solverSide][v.step][id] : _rows[solverSide][v.step][100 + id];
        row = rows[index];
        bytes32[] memory leaves = _rowLeaves(rows);
        proof = _proof(leaves, index, _height(leaves.length));
    }

    function _challengerMove(uint256 id, GameView memory v) internal {
        address who = playingChallenger == address(0) ? challenger : playingChallenger;
        if (who == challenger) ++challengerMoves;
        vm.startPrank(who);
        if (v.phase == Phase.Pick) {
            bytes32[] memory s = _children(_currentLeaves(id, solverSide), v.height, v.index);
            bytes32[] memory h = _children(_currentLeaves(id, HONEST), v.height, v.index);
            dg.pick(id, s, _firstDiff(s, h, v));
        } else if (v.phase == Phase.PickTensor) {
            _pickTensor(id, v);
        } else {
            bytes memory s = _tensorRows(v, solverSide)[v.row];
            bytes memory h = _tensorRows(v, HONEST)[v.row];
            uint256 col;
            while (!frivolous && col + 1 < s.length / 4 && _word(s, col) == _word(h, col)) ++col;
            dg.pickColumn(id, col);
        }
        vm.stopPrank();
    }

    function _pickTensor(uint256 id, GameView memory v) internal {
        bytes32[] memory sp = _paramRoots(solverSide, v.step);
        bytes32[] memory hp = _paramRoots(HONEST, v.step);
        if (v.atInit) {
            dg.pickTensor(id, sp, frivolous ? 0 : _firstDiffRoot(sp, hp), _noOpening());
            return;
        }
        bytes32[] memory so = _ops(solverSide, v.step);
        bytes32[] memory ho = _ops(HONEST, v.step);
        dg.pickTensor(id, _concat(sp, so), frivolous ? 2 : _firstDiffRoot(so, ho), _noOpening());
    }

    function _concat(bytes32[] memory a, bytes32[] memory b) internal pure returns (bytes32[] memory c) {
        c = new bytes32[](a.length + b.length);
        for (uint256 i; i < a.length; ++i) {
            c[i] = a[i];
        }
        for (uint256 i; i < b.length; ++i) {
            c[a.length + i] = b[i];
        }
    }

    function _firstDiffRoot(bytes32[] memory s, bytes32[] memory h) internal pure returns (uint256 i) {
        while (i + 1 < s.length && s[i] == h[i]) ++i;
    }

    function _firstDiff(bytes32[] memory s, bytes32[] memory h, GameView memory v) internal view returns (uint256 j) {
        uint256 d = v.height < 4 ? v.height : 4;
        uint256 span = uint256(1) << (v.height - d);
        uint256 minLeaf = v.tree == TreeKind.Interval ? 1 : 0;
        // skip children entirely before minLeaf, or (frivolous) take the last child with real leaves
        while (((v.index << d) + j + 1) * span <= minLeaf) ++j;
        if (frivolous) {
            uint256 last = j;
            while (last + 1 < s.length && ((v.index << d) + last + 1) * span < v.leafCount) ++last;
            return last;
        }
        while (j + 1 < s.length && s[j] == h[j]) ++j;
    }

    function _word(bytes memory row, uint256 col) internal pure returns (uint32 w) {
        w = uint32(uint8(row[4 * col])) << 24 | uint32(uint8(row[4 * col + 1])) << 16 | uint32(uint8(row[4 * col + 2]))
            << 8 | uint32(uint8(row[4 * col + 3]));
    }

    /// @notice Plays both sides until the game resolves; a side that cannot move times out.
    function _play(uint256 id) internal returns (GameView memory v) {
        for (uint256 moves; moves < 64; ++moves) {
            v = GameLayout.read(dg, id);
            if (v.phase == Phase.Resolved) return v;
            vm.warp(block.timestamp + 60);
            if (!_moveOnce(id)) {
                vm.warp(v.deadline + 61);
                dg.resolveTimeout(id);
            }
        }
        v = GameLayout.read(dg, id);
    }
}
