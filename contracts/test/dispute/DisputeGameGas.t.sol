// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {GameLayout, IGameWords} from "../../src/dispute/lib/GameLayout.sol";
import {DisputeGameBase} from "./DisputeGameBase.sol";
import {DisputeGame} from "../../src/dispute/DisputeGame.sol";
import {RowCommitment} from "../../src/dispute/lib/RowCommitment.sol";
import {
    ClaimKind,
    Phase,
    Outcome,
    GameView,
    HyperParams,
    IntervalReveal,
    StepReveal,
    LeafReveal
} from "../../src/types/DisputeTypes.sol";

/// @notice Gas of every move on the MNIST model mlp:784-128-10 (B = 32): a synthetic state whose
///         only real rows are the ones the game touches, disputing op 2 (Z1 = X·W1ᵀ), i.e. the
///         widest leaf: two 784-wide rows. Run with `forge test --match-contract DisputeGameGas
///         --gas-report --isolate` for per-transaction figures.
contract DisputeGameGasTest is DisputeGameBase {
    uint32 internal constant B = 32;
    uint256 internal constant ROW = 5; // disputed output row of Z1
    uint256 internal constant COL = 7; // disputed column = row of W1

    bytes32[] internal pRoots; // W1, b1, W2, b2 tree roots (h_0)
    bytes32[] internal oRoots; // 23 op output tree roots
    bytes32[] internal xLeaves; // X rows (32)
    bytes32[] internal wLeaves; // W1 rows (128)
    bytes32[] internal zLeaves; // Z1 rows (32)
    bytes internal xRow;
    bytes internal wRow;
    bytes internal zRow;
    bytes32 internal leaf0;
    bytes32 internal leaf1;

    function setUp() public {
        _setUpGame();
        xRow = _wide(784, 3);
        wRow = _wide(784, 11);
        zRow = _wide(128, 5);
        for (uint256 r; r < 32; ++r) {
            xLeaves.push(r == ROW ? _rowLeaf(uint32(r), xRow) : keccak256(abi.encode("x", r)));
            zLeaves.push(r == ROW ? _rowLeaf(uint32(r), zRow) : keccak256(abi.encode("z", r)));
        }
        for (uint256 r; r < 128; ++r) {
            wLeaves.push(r == COL ? _rowLeaf(uint32(r), wRow) : keccak256(abi.encode("w", r)));
        }
        pRoots.push(_root(wLeaves));
        for (uint256 q = 1; q < 4; ++q) {
            pRoots.push(keccak256(abi.encode("p", q)));
        }
        for (uint256 k; k < 23; ++k) {
            oRoots.push(k == 0 ? _root(xLeaves) : k == 2 ? _root(zLeaves) : keccak256(abi.encode("op", k)));
        }
        uint32[] memory w = _w();
        leaf0 = lv.stateLeaf(w, 0, pRoots);
        bytes32[] memory next = new bytes32[](4);
        for (uint256 q; q < 4; ++q) {
            next[q] = oRoots[19 + q];
        }
        leaf1 = lv.stateLeaf(w, 1, next);
        _commitWide();
    }

    function _w() internal pure returns (uint32[] memory w) {
        w = new uint32[](3);
        (w[0], w[1], w[2]) = (784, 128, 10);
    }

    /// @dev A packed row of `n` varied int32s (no zero bytes: the calldata worst case).
    function _wide(uint256 n, uint256 salt) internal pure returns (bytes memory out) {
        out = new bytes(4 * n);
        for (uint256 i; i < out.length; ++i) {
            out[i] = bytes1(uint8(uint256(keccak256(abi.encode(salt, i))) % 255 + 1));
        }
        for (uint256 i; i < n; ++i) {
            out[4 * i] = bytes1(uint8(out[4 * i]) & 0x3f); // keep |v| < 2^30
        }
    }

    function _commitWide() internal {
        nSteps = 1;
        kInterval = 1;
        req = _request(user, 1);
        req.modelSpecHash = keccak256("mlp:784-128-10");
        HyperParams memory hp = HyperParams(B, 52429, 8000);
        req.hyperParamsHash = keccak256(abi.encode(uint256(hp.batch), uint256(hp.eta), uint256(hp.datasetSize)));
        req.steps = 1;
        token.mint(user, req.price);
        vm.prank(user);
        token.approve(address(market), req.price);
        market.submitJob(req, _signRequest(USER_KEY, req), _noPermit(), hp, _w());
        jobId = market.hashJobRequest(req);
        vm.prank(solver);
        market.claim(jobId);
        bytes32 config = keccak256(
            abi.encodePacked(
                bytes1(0x06), req.modelSpecHash, req.datasetRoot, req.seed, hp.batch, hp.eta, uint64(1), uint64(1)
            )
        );
        bytes32 traceRoot = keccak256(abi.encodePacked(bytes1(0x05), config, uint64(1), uint64(1), _node(leaf0, leaf1)));
        vm.prank(solver);
        market.commit(jobId, traceRoot, 1, 1, leaf1, keccak256("steps"));
        dg.registerJob(req, hp, _w());
    }

    /// @notice Every move of a transition game over the MNIST model, ending in the 784-wide leaf.
    function test_gas_wideGame_everyMove() public {
        uint256 id = _open(challenger, ClaimKind.Transition);
        bytes32[] memory two = new bytes32[](2);
        (two[0], two[1]) = (leaf0, leaf1);
        vm.prank(solver);
        dg.revealTrace(id, _node(leaf0, leaf1), two);
        vm.prank(challenger);
        dg.pick(id, two, 1);
        IntervalReveal memory ir;
        ir.agreedLeaf = leaf0;
        vm.prank(solver);
        dg.postInterval(id, ir);
        StepReveal memory sr = StepReveal(leaf0, new bytes32[](0), pRoots, oRoots);
        vm.prank(solver);
        dg.revealStep(id, sr);
        vm.prank(challenger);
        dg.pickTensor(id, _concat(pRoots, oRoots), 2, _noOpening());
        _dissectRows(id);
        vm.prank(solver);
        dg.openRow(id, zRow);
        vm.prank(challenger);
        dg.pickColumn(id, COL);
        LeafReveal memory lr;
        lr.outRow = zRow;
        lr.in0 = xRow;
        lr.proof0 = _proof(xLeaves, ROW, 5);
        lr.in1 = wRow;
        lr.proof1 = _proof(wLeaves, COL, 7);
        vm.prank(solver);
        dg.proveLeaf(id, lr);
        GameView memory v = GameLayout.read(dg, id);
        assertEq(uint256(v.phase), uint256(Phase.Resolved), "resolved");
        assertEq(uint256(v.outcome), uint256(Outcome.LeafMismatch), "synthetic row is not the dot product");
        assertEq(v.tensor, 2, "Z1");
        assertEq(v.row, ROW, "row");
        assertEq(v.col, COL, "col");
    }

    function _dissectRows(uint256 id) internal {
        bytes32[] memory c = _children(zLeaves, 5, 0); // 16 descendants of the 32-row tree
        vm.prank(solver);
        dg.reveal(id, c);
        vm.prank(challenger);
        dg.pick(id, c, ROW >> 1);
        c = _children(zLeaves, 1, ROW >> 1);
        vm.prank(solver);
        dg.reveal(id, c);
        vm.prank(challenger);
        dg.pick(id, c, ROW & 1);
    }

    /// @notice Opening a game (first game on the job: pays the registration-free open).
    function test_gas_open() public {
        _open(challenger, ClaimKind.Transition);
    }

    /// @notice Registering a job config (once per job).
    function test_gas_registerJob() public view {
        assertEq(dg.jobConfig(jobId).steps, 1, "registered in setUp");
    }
}
