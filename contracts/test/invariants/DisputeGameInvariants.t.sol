// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {GameLayout, IGameWords} from "../../src/dispute/lib/GameLayout.sol";
import {Test} from "../base/Test.sol";
import {DisputeGameBase} from "../dispute/DisputeGameBase.sol";
import {TinyTrainer} from "../dispute/TinyTrainer.sol";
import {DisputeGame} from "../../src/dispute/DisputeGame.sol";
import {JobMarket} from "../../src/market/JobMarket.sol";
import {TestUSD} from "../../src/token/TestUSD.sol";
import {ClaimKind, Phase, GameView, Outcome} from "../../src/types/DisputeTypes.sol";
import "../../src/dispute/lib/Errors.sol";

/// @notice Random concurrent games on one honest job: challengers open games of any kind, the
///         honest solver answers some first moves (MODEL games it wins at once), clocks run out,
///         anyone resolves, everyone withdraws.
contract DisputeGameHandler is Test {
    DisputeGame internal dg;
    TestUSD internal token;
    JobMarket internal market;
    bytes32 internal jobId;
    address internal solver;
    address[3] internal challengers = [address(0xC1), address(0xC2), address(0xC3)];
    bytes32 internal treeRoot;
    bytes32[] internal children;
    bytes32[] internal proof0;
    bytes32[] internal lastProof;
    bytes32[] internal params0;

    uint256 public opened;
    uint256 public resolved;
    uint256 public bondsIn;
    uint256 public withdrawn;

    constructor(DisputeGame dg_, TestUSD token_, JobMarket market_, bytes32 jobId_, address solver_) {
        (dg, token, market, jobId, solver) = (dg_, token_, market_, jobId_, solver_);
    }

    function setSolverData(
        bytes32 root,
        bytes32[] memory c,
        bytes32[] memory p0,
        bytes32[] memory pl,
        bytes32[] memory params
    ) external {
        (treeRoot, children, proof0, lastProof, params0) = (root, c, p0, pl, params);
    }

    function challengerAt(uint256 i) external view returns (address) {
        return challengers[i];
    }

    function open(uint256 who, uint8 kind) external {
        address c = challengers[who % 3];
        (uint96 bond,,) = dg.parameters();
        vm.prank(c);
        try dg.open(jobId, ClaimKind(kind % 3)) {
            opened++;
            bondsIn += bond;
        } catch {}
    }

    function solverMoves(uint256 seed) external {
        uint256 count = dg.gameCount();
        if (count == 0) return;
        uint256 id = seed % count + 1;
        GameView memory v = GameLayout.read(dg, id);
        if (v.phase != Phase.AwaitTrace || block.timestamp > v.deadline) return;
        vm.prank(solver);
        if (v.kind == ClaimKind.Model) {
            dg.proveModel(id, treeRoot, lastProof);
            resolved++;
        } else if (v.kind == ClaimKind.Transition) {
            dg.revealTrace(id, treeRoot, children);
        } else {
            dg.revealInit(id, treeRoot, proof0, params0);
        }
    }

    function timeout(uint256 seed, uint32 dt) external {
        vm.warp(block.timestamp + (dt % 2 hours));
        uint256 count = dg.gameCount();
        if (count == 0) return;
        uint256 id = seed % count + 1;
        GameView memory v = GameLayout.read(dg, id);
        if (v.phase == Phase.Resolved || block.timestamp <= v.deadline) return;
        dg.resolveTimeout(id);
        resolved++;
    }

    function withdraw(uint256 who) external {
        address a = who % 4 == 3 ? solver : challengers[who % 4];
        uint256 amount = dg.credit(a);
        if (amount == 0) return;
        vm.prank(a);
        dg.withdraw(a);
        withdrawn += amount;
    }
}

contract DisputeGameInvariants is DisputeGameBase {
    DisputeGameHandler internal handler;

    function setUp() public {
        _setUpGame();
        _train(4, 2, TinyTrainer.Cheat(0, type(uint64).max, 0, 0, 0));
        _commitJob();
        handler = new DisputeGameHandler(dg, token, market, jobId, solver);
        bytes32[] memory tl = _traceLeaves(SOLVER);
        handler.setSolverData(
            _root(tl), _children(tl, 2, 0), _proof(tl, 0, 2), _proof(tl, 2, 2), _paramRoots(SOLVER, 0)
        );
        for (uint256 i; i < 3; ++i) {
            address c = handler.challengerAt(i);
            token.mint(c, 1_000e6);
            vm.prank(c);
            token.approve(address(dg), type(uint256).max);
        }
        targetContract(address(handler));
    }

    /// @custom:invariant Funds are conserved to the unit: the game's token balance equals the bonds
    ///                   of open games plus the credited (unwithdrawn) bonds, and equals bonds paid
    ///                   in minus bonds withdrawn.
    function invariant_fundsConserved() public view {
        (uint256 openBonds, uint256 credited) = dg.totalOwed();
        uint256 bal = token.balanceOf(address(dg));
        assertEq(bal, openBonds + credited, "balance == owed");
        assertEq(bal, handler.bondsIn() - handler.withdrawn(), "in - out");
    }

    /// @custom:invariant Every open game holds exactly one freeze on its job: the market's open
    ///                   dispute count equals the number of unresolved games; the honest job is
    ///                   slashed iff its solver lost some game by timeout (silence loses; an
    ///                   answered MODEL challenge never slashes).
    function invariant_freezesMatchOpenGames() public view {
        uint256 open;
        bool solverTimedOut;
        for (uint256 id = 1; id <= dg.gameCount(); ++id) {
            GameView memory v = GameLayout.read(dg, id);
            if (v.phase != Phase.Resolved) open++;
            if (v.outcome == Outcome.SolverTimedOut) solverTimedOut = true;
        }
        assertEq(market.getJob(jobId).openDisputes, open, "openDisputes");
        assertEq(handler.opened() - handler.resolved(), open, "opened - resolved");
        (uint256 openBonds,) = dg.totalOwed();
        assertEq(openBonds, open * BOND, "open bonds");
        assertEq(uint256(market.jobStatus(jobId)) == 6, solverTimedOut, "Cheated iff the solver timed out");
    }
}
