// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Test} from "../base/Test.sol";
import {GameLayout, IGameWords} from "../../src/dispute/lib/GameLayout.sol";
import {DisputeGameLens} from "../../src/dispute/DisputeGameLens.sol";
import {ClaimKind, Phase, Side, TreeKind, Outcome, Game, GameView} from "../../src/types/DisputeTypes.sol";
import {DisputeGame_UnknownGame} from "../../src/dispute/lib/Errors.sol";

/// @dev Holds real `Game` structs in storage, laid out by the compiler exactly as DisputeGame's.
contract GameProbe is IGameWords {
    mapping(uint256 => Game) private _games;

    function store(uint256 id, Game calldata g) external {
        _games[id] = g;
    }

    function gameWords(uint256 id) external view returns (bytes32[8] memory) {
        return GameLayout.words(_games[id]);
    }
}

/// @notice The lens decodes every field of a stored `Game`: a reordered or resized field in
///         Types.sol fails here instead of silently misreporting phases, clocks or bonds.
contract GameLayoutTest is Test {
    GameProbe probe;
    DisputeGameLens lens;

    function setUp() public {
        probe = new GameProbe();
        lens = new DisputeGameLens();
    }

    /// @dev Every field from fuzzed words (enums bounded to their ranges, the rest full width).
    function _game(uint256 a, uint256 b, uint256 c, bytes32 node) private pure returns (Game memory g) {
        g.jobId = bytes32(a | 1);
        g.challenger = address(uint160(b));
        g.lastMoveAt = uint40(a >> 8);
        g.solverClock = uint32(a >> 48);
        g.kind = ClaimKind(uint8(a >> 80) % (uint8(type(ClaimKind).max) + 1));
        g.phase = Phase(uint8(a >> 88) % (uint8(type(Phase).max) + 1));
        g.solver = address(uint160(c));
        g.challengerClock = uint32(b >> 160);
        g.outcome = Outcome(uint8(a >> 96) % (uint8(type(Outcome).max) + 1));
        g.atInit = (a >> 104) & 1 == 1;
        g.challengerMoves = uint16(a >> 112);
        g.node = node;
        g.slotA = keccak256(abi.encode(node, 1));
        g.slotB = keccak256(abi.encode(node, 2));
        g.bond = uint96(c >> 160);
        g.tree = TreeKind(uint8(a >> 128) % (uint8(type(TreeKind).max) + 1));
        g.height = uint8(a >> 136);
        g.predHeight = uint8(a >> 144);
        g.index = uint64(b >> 192);
        g.leafCount = uint64(uint256(node) >> 192);
        g.baseStep = uint64(uint256(node) >> 128);
        g.step = uint64(uint256(node) >> 64);
        g.tensor = uint16(a >> 152);
        g.row = uint32(uint256(node));
        g.col = uint32(a >> 168);
    }

    function testFuzz_everyFieldDecodes(uint256 a, uint256 b, uint256 c, bytes32 node) public {
        Game memory g = _game(a, b, c, node);
        probe.store(7, g);
        GameView memory v = lens.gameView(probe, 7);
        assertEq(v.jobId, g.jobId, "jobId");
        assertEq(v.challenger, g.challenger, "challenger");
        assertEq(v.solver, g.solver, "solver");
        assertEq(uint256(v.kind), uint256(g.kind), "kind");
        assertEq(uint256(v.phase), uint256(g.phase), "phase");
        assertEq(v.solverClock, g.solverClock, "solverClock");
        assertEq(v.challengerClock, g.challengerClock, "challengerClock");
        assertEq(v.bond, g.bond, "bond");
        assertEq(uint256(v.outcome), uint256(g.outcome), "outcome");
        assertEq(uint256(v.tree), uint256(g.tree), "tree");
        assertEq(v.node, g.node, "node");
        assertEq(v.height, g.height, "height");
        assertEq(v.index, g.index, "index");
        assertEq(v.leafCount, g.leafCount, "leafCount");
        assertEq(v.baseStep, g.baseStep, "baseStep");
        assertEq(v.predHeight, g.predHeight, "predHeight");
        assertEq(v.atInit, g.atInit, "atInit");
        assertEq(v.step, g.step, "step");
        assertEq(v.tensor, g.tensor, "tensor");
        assertEq(v.row, g.row, "row");
        assertEq(v.col, g.col, "col");
        Side turn = GameLayout.mover(g.phase);
        assertEq(uint256(v.turn), uint256(turn), "turn");
        uint256 clock = turn == Side.Solver ? g.solverClock : g.challengerClock;
        assertEq(v.deadline, turn == Side.None ? 0 : uint256(g.lastMoveAt) + clock, "deadline");
    }

    function test_turnFollowsThePhase() public pure {
        assertEq(uint256(GameLayout.mover(Phase.None)), uint256(Side.None));
        assertEq(uint256(GameLayout.mover(Phase.AwaitTrace)), uint256(Side.Solver));
        assertEq(uint256(GameLayout.mover(Phase.ProveLeaf)), uint256(Side.Solver));
        assertEq(uint256(GameLayout.mover(Phase.Pick)), uint256(Side.Challenger));
        assertEq(uint256(GameLayout.mover(Phase.PickColumn)), uint256(Side.Challenger));
        assertEq(uint256(GameLayout.mover(Phase.Resolved)), uint256(Side.None));
    }

    function test_unknownGame_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(DisputeGame_UnknownGame.selector, 3));
        lens.gameView(probe, 3);
    }
}
