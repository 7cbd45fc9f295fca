// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {JobMarket} from "../../src/market/JobMarket.sol";
import {GameLayout, IGameWords} from "../../src/dispute/lib/GameLayout.sol";
import {DisputeGameBase} from "./DisputeGameBase.sol";
import {TinyTrainer} from "./TinyTrainer.sol";
import {DisputeGame} from "../../src/dispute/DisputeGame.sol";
import {JobStatus} from "../../src/types/JobTypes.sol";
import {
    ClaimKind,
    Phase,
    Side,
    Outcome,
    TreeKind,
    GameView,
    ProgramOp,
    OpKind,
    Source,
    HyperParams,
    StepReveal,
    LeafReveal
} from "../../src/types/DisputeTypes.sol";
import "../../src/dispute/lib/Errors.sol";

/// @notice DisputeGame against a real JobMarket: every cheat ends at its exact step / op / element.
contract DisputeGameTest is DisputeGameBase {
    function setUp() public {
        _setUpGame();
    }

    function _cheat(uint8 kind, uint64 step, uint256 op, uint256 row, uint256 col)
        internal
        pure
        returns (TinyTrainer.Cheat memory)
    {
        return TinyTrainer.Cheat(kind, step, op, row, col);
    }

    function _honest() internal pure returns (TinyTrainer.Cheat memory) {
        return TinyTrainer.Cheat(0, type(uint64).max, 0, 0, 0);
    }

    function _assertChallengerWon(GameView memory v, Outcome outcome) internal view {
        assertEq(uint256(v.phase), uint256(Phase.Resolved), "resolved");
        assertEq(uint256(v.outcome), uint256(outcome), "outcome");
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Cheated), "job slashed");
        assertEq(dg.credit(challenger), BOND, "bond back");
        // the only open game: the whole reward (10% of C = 200e6) plus its moves refunded
        assertEq(market.claimable(challenger), 20e6 + challengerMoves * MOVE_REFUND, "reward + refunds");
    }

    // ------------------------------------------------------------------------------ program

    /// @notice The on-chain program is core's StepProgram for mlp:784-128-10 (23 ops).
    function test_programOp_mirrorsCoreStepProgram() public view {
        uint32[] memory w = new uint32[](3);
        (w[0], w[1], w[2]) = (784, 128, 10);
        assertEq(lv.programLength(2), 23, "23 ops");
        // (kind, src0, in0, src1, in1, rows, cols) of every op, spelled from StepProgram.build
        uint256[7][23] memory e = [
            [uint256(8), 3, 0, 0, 0, 32, 784], //   X = gather(data.x)
            [uint256(8), 4, 0, 0, 0, 32, 1], //     Y = gather(data.y)
            [uint256(0), 2, 0, 1, 0, 32, 128], //   Z1 = X W1^T
            [uint256(2), 2, 2, 1, 1, 32, 128], //   Zb1 = Z1 + b1
            [uint256(3), 2, 3, 0, 0, 32, 128], //   A1 = relu(Zb1)
            [uint256(0), 2, 4, 1, 2, 32, 10], //    Z2 = A1 W2^T
            [uint256(2), 2, 5, 1, 3, 32, 10], //    Zb2
            [uint256(5), 2, 6, 2, 1, 32, 10], //    G2 = softmax_xent_grad(Zb2, Y)
            [uint256(1), 2, 7, 0, 0, 10, 32], //    G2T
            [uint256(1), 2, 4, 0, 0, 128, 32], //   A1T
            [uint256(0), 2, 8, 2, 9, 10, 128], //   dW2
            [uint256(6), 2, 8, 0, 0, 10, 1], //     db2
            [uint256(1), 1, 2, 0, 0, 128, 10], //   W2T
            [uint256(0), 2, 7, 2, 12, 32, 128], //  dA1 = G2 W2T^T
            [uint256(4), 2, 13, 2, 3, 32, 128], //  G1 = relu_backward(dA1, Zb1)
            [uint256(1), 2, 14, 0, 0, 128, 32], //  G1T
            [uint256(1), 2, 0, 0, 0, 784, 32], //   XT
            [uint256(0), 2, 15, 2, 16, 128, 784], // dW1
            [uint256(6), 2, 15, 0, 0, 128, 1], //   db1
            [uint256(7), 1, 0, 2, 17, 128, 784], // W1'
            [uint256(7), 1, 1, 2, 18, 128, 1], //   b1'
            [uint256(7), 1, 2, 2, 10, 10, 128], //  W2'
            [uint256(7), 1, 3, 2, 11, 10, 1] //     b2'
        ];
        for (uint256 k; k < 23; ++k) {
            ProgramOp memory op = lv.programOp(w, 32, k);
            assertEq(uint256(op.kind), e[k][0], "kind");
            assertEq(uint256(op.src0), e[k][1], "src0");
            assertEq(uint256(op.in0), e[k][2], "in0");
            assertEq(uint256(op.src1), e[k][3], "src1");
            assertEq(uint256(op.in1), e[k][4], "in1");
            assertEq(uint256(op.rows), e[k][5], "rows");
            assertEq(uint256(op.cols), e[k][6], "cols");
        }
    }

    function test_modelSpec_spellsCoreCanonicalForm() public view {
        uint32[] memory w = new uint32[](3);
        (w[0], w[1], w[2]) = (784, 128, 10);
        assertEq(lv.modelSpec(w), "mlp:784-128-10", "spec");
    }

    // ------------------------------------------------------------------------------ cheats

    /// @notice Wrong initial weights: INIT game pinpoints parameter 0 (W1), row 1, column 2.
    function test_init_wrongInitialWeight_solverSlashed() public {
        _train(6, 2, _cheat(1, 0, 0, 1, 2));
        _commitJob();
        uint256 id = _open(challenger, ClaimKind.Init);
        GameView memory v = _play(id);
        _assertChallengerWon(v, Outcome.LeafMismatch);
        assertTrue(v.atInit, "init");
        assertEq(v.tensor, 0, "param W1");
        assertEq(v.row, 1, "row");
        assertEq(v.col, 2, "col");
    }

    /// @notice The same cheat found through a TRANSITION game: the dissection lands on leaf 0.
    function test_transition_wrongInit_landsOnLeafZero() public {
        _train(6, 2, _cheat(1, 0, 2, 0, 1));
        _commitJob();
        GameView memory v = _play(_open(challenger, ClaimKind.Transition));
        _assertChallengerWon(v, Outcome.LeafMismatch);
        assertTrue(v.atInit, "init");
        assertEq(v.tensor, 2, "param W2");
        assertEq(v.row, 0, "row");
        assertEq(v.col, 1, "col");
    }

    /// @notice One flipped matmul element (op 2 = Z1, row 1, col 2) at step 5 of 10, K = 3.
    function test_transition_flippedMatmulElement_pinpointsStepOpElement() public {
        _train(10, 3, _cheat(2, 5, 2, 1, 2));
        _commitJob();
        GameView memory v = _play(_open(challenger, ClaimKind.Transition));
        _assertChallengerWon(v, Outcome.LeafMismatch);
        assertFalse(v.atInit, "not init");
        assertEq(v.step, 5, "step");
        assertEq(v.tensor, 2, "op Z1");
        assertEq(v.row, 1, "row");
        assertEq(v.col, 2, "col");
    }

    /// @notice The attester of a transition a game proves wrong is slashed. A verifier drawn for
    ///         the job attests the solver's state hashes without a faithful replay (colluding: the
    ///         solver handed them over), the disputed step among them; they open the solver's step
    ///         tree, so the market accepts them. The game proves step 5 wrong and reports (5, L_5,
    ///         the solver's L_6) to the market, which takes the attester's bond for the treasury.
    ///         An honest verifier's replay gives the true h_6, which does not open the solver's
    ///         step tree: it cannot attest the cheat at all.
    function test_transition_cheat_slashesTheAttesterOfTheProvenTransition() public {
        address colluder = address(0x7E1);
        address honest = address(0x7E2);
        _operator(colluder, 2, 100e6);
        _operator(honest, 2, 100e6);
        _train(10, 3, _cheat(2, 5, 2, 1, 2));
        _commitJob();
        vm.roll(block.number + 5);
        assertTrue(market.recordRandomness(jobId) != bytes32(0), "recorded");
        assertTrue(market.isDrawn(jobId, colluder) && market.isDrawn(jobId, honest), "two verifiers: both drawn");
        (uint64[] memory t, bytes32[] memory b, bytes32[] memory a, bytes32[] memory p) = _attestation(colluder, SOLVER);
        vm.prank(colluder);
        market.attest(jobId, t, b, a, p);
        _honestCannotAttest(honest);

        GameView memory v = _play(_open(challenger, ClaimKind.Transition));
        _assertChallengerWon(v, Outcome.LeafMismatch);
        assertEq(v.step, 5, "step");
        assertEq(
            market.provenTransition(jobId),
            keccak256(abi.encode(uint64(5), _stepLeaves[SOLVER][5], _stepLeaves[SOLVER][6])),
            "the game reported the transition it proved wrong"
        );
        uint256 bond = market.attesterBond(jobId);
        market.settleAttestation(jobId, colluder, t, b, a);
        _assertStakes(colluder, honest, bond);
    }

    /// @dev The honest verifier's replayed hashes do not open the cheating solver's step tree.
    function _honestCannotAttest(address honest) internal {
        (uint64[] memory th, bytes32[] memory bh, bytes32[] memory ah, bytes32[] memory ph) =
            _attestation(honest, HONEST);
        vm.prank(honest);
        vm.expectRevert(abi.encodeWithSelector(Attestation_StepNotOpened.selector, _firstUnopened(th)));
        market.attest(jobId, th, bh, ah, ph);
    }

    function _assertStakes(address colluder, address honest, uint256 bond) internal view {
        (uint256 colluderStake, uint256 colluderLocked,,) = reg.stakeOf(colluder);
        (uint256 honestStake, uint256 honestLocked,,) = reg.stakeOf(honest);
        assertEq(colluderStake, 100e6 - bond, "the colluding attester lost its bond");
        assertEq(colluderLocked, 0, "nothing left locked");
        assertEq(honestStake, 100e6, "the honest verifier risked nothing");
        assertEq(honestLocked, 0, "and locked nothing");
    }

    /// @dev The first step of an honest sample whose true leaf differs from the solver's.
    function _firstUnopened(uint64[] memory t) internal view returns (uint64) {
        for (uint256 j; j < t.length; ++j) {
            if (_stepLeaves[HONEST][t[j]] != _stepLeaves[SOLVER][t[j]]) return t[j];
            if (_stepLeaves[HONEST][t[j] + 1] != _stepLeaves[SOLVER][t[j] + 1]) return t[j] + 1;
        }
        revert("the honest sample never meets the cheat");
    }

    /// @dev `verifier`'s attestation of the job as `side`'s run gives it: MAX_ATTEST_SAMPLES
    ///      transitions (so that step 5 of 10 is among them), with that run's state hashes, and
    ///      their paths in the solver's committed step tree.
    function _attestation(address verifier, uint8 side)
        internal
        returns (uint64[] memory t, bytes32[] memory b, bytes32[] memory a, bytes32[] memory p)
    {
        bytes32 r = market.recordRandomness(jobId);
        uint256 k = market.MAX_ATTEST_SAMPLES();
        bytes32[] memory leaves = _stepLeaves[SOLVER];
        uint256 d = _height(leaves.length);
        t = new uint64[](k);
        b = new bytes32[](k);
        a = new bytes32[](k);
        p = new bytes32[](2 * d * k);
        bool hasFive;
        for (uint256 j; j < k; ++j) {
            t[j] = market.sampleIndex(r, verifier, j, nSteps);
            b[j] = _stateHash(side, t[j]);
            a[j] = _stateHash(side, t[j] + 1);
            bytes32[] memory p0 = _proof(leaves, t[j], d);
            bytes32[] memory p1 = _proof(leaves, t[j] + 1, d);
            for (uint256 l; l < d; ++l) {
                (p[2 * d * j + l], p[2 * d * j + d + l]) = (p0[l], p1[l]);
            }
            if (t[j] == 5) hasFive = true;
        }
        assertTrue(hasFive, "the sample covers step 5");
    }

    /// @notice An init cheat is not a transition: the game reports none, no attester is slashed.
    function test_init_cheat_reportsNoTransition() public {
        _train(6, 2, _cheat(1, 0, 0, 1, 2));
        _commitJob();
        _play(_open(challenger, ClaimKind.Init));
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Cheated), "cheated");
        assertEq(market.provenTransition(jobId), bytes32(0), "no transition");
    }

    /// @notice Multi-round trace dissection (K = 1, 21 leaves: a 16-ary round then a binary one).
    function test_transition_flippedElement_K1_twoRounds() public {
        _train(20, 1, _cheat(2, 17, 13, 0, 1));
        _commitJob();
        GameView memory v = _play(_open(challenger, ClaimKind.Transition));
        _assertChallengerWon(v, Outcome.LeafMismatch);
        assertEq(v.step, 17, "step");
        assertEq(v.tensor, 13, "op dA1");
        assertEq(v.row, 0, "row");
        assertEq(v.col, 1, "col");
    }

    /// @notice A skipped SGD update at step 3: the first wrong op is W1' (19).
    function test_transition_skippedSgd_pinpointsW1Update() public {
        _train(6, 2, _cheat(3, 3, 0, 0, 0));
        _commitJob();
        GameView memory v = _play(_open(challenger, ClaimKind.Transition));
        _assertChallengerWon(v, Outcome.LeafMismatch);
        assertEq(v.step, 3, "step");
        assertEq(v.tensor, 19, "op W1'");
    }

    /// @notice A wrong learning rate at step 2: the first wrong op is again an sgd update.
    function test_transition_wrongLearningRate_pinpointsSgd() public {
        _train(6, 2, _cheat(4, 2, 0, 0, 0));
        _commitJob();
        GameView memory v = _play(_open(challenger, ClaimKind.Transition));
        _assertChallengerWon(v, Outcome.LeafMismatch);
        assertEq(v.step, 2, "step");
        assertEq(uint256(lv.programOp(tt.widths(), 2, v.tensor).kind), uint256(OpKind.SgdUpdate), "sgd");
    }

    /// @notice Wrong batch indices at step 4: the gather X (op 0) is disputed, checked against the dataset.
    function test_transition_wrongBatch_pinpointsGather() public {
        _train(6, 2, _cheat(5, 4, 0, 0, 0));
        _commitJob();
        GameView memory v = _play(_open(challenger, ClaimKind.Transition));
        _assertChallengerWon(v, Outcome.LeafMismatch);
        assertEq(v.step, 4, "step");
        assertLe(v.tensor, 1, "gather X or Y");
    }

    /// @notice A final model hash that is not h_n: the solver cannot prove the last leaf, times out.
    function test_model_mismatch_solverTimesOut() public {
        _train(4, 2, _honest());
        modelOverride = keccak256("some other model");
        _commitJob();
        uint256 id = _open(challenger, ClaimKind.Model);
        GameView memory v = _play(id);
        _assertChallengerWon(v, Outcome.SolverTimedOut);
    }

    /// @notice A MODEL challenge against an honest commitment loses its bond in one solver move.
    function test_model_honest_challengerLosesBond() public {
        _train(4, 2, _honest());
        _commitJob();
        uint256 id = _open(challenger, ClaimKind.Model);
        GameView memory v = _play(id);
        assertEq(uint256(v.outcome), uint256(Outcome.ModelProven), "proven");
        assertEq(dg.credit(solver), BOND, "bond to solver");
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Committed), "job still committed");
    }

    /// @notice Trace leaves that don't chain (leaf 2 carries the wrong step): the solver can't
    ///         reveal a state for it and loses by timeout; its revealStep reverts StateMismatch.
    function test_transition_nonChainingLeaves_solverStuck() public {
        _train(6, 2, _honest());
        leafOverride[2 + 1] = keccak256(abi.encodePacked(bytes1(0x04), uint64(5), _stateHash(SOLVER, 4)));
        _commitJob();
        uint256 id = _open(challenger, ClaimKind.Transition);
        GameView memory v;
        for (uint256 i; i < 8; ++i) {
            v = GameLayout.read(dg, id);
            if (v.phase == Phase.AwaitStep) break;
            assertTrue(_moveOnce(id), "moves until the step level");
        }
        assertEq(uint256(v.phase), uint256(Phase.AwaitStep), "at step level");
        assertEq(v.step, 3, "disputed step 3 -> 4");
        StepReveal memory r = _stepReveal(v);
        vm.prank(solver);
        vm.expectRevert(DisputeGame_StateMismatch.selector);
        dg.revealStep(id, r);
        v = _play(id);
        _assertChallengerWon(v, Outcome.SolverTimedOut);
    }

    // ------------------------------------------------------------------------------ honest solver

    /// @notice A frivolous challenger against an honest solver reaches a leaf that checks out.
    function test_frivolous_challengerLosesBondToSolver() public {
        _train(10, 3, _honest());
        _commitJob();
        frivolous = true;
        uint256 id = _open(challenger, ClaimKind.Transition);
        uint256 before = token.balanceOf(solver);
        GameView memory v = _play(id);
        assertEq(uint256(v.outcome), uint256(Outcome.LeafMatch), "leaf matches");
        assertEq(v.step, 9, "last step");
        assertEq(v.tensor, 2, "op 2");
        assertEq(dg.credit(solver), BOND, "bond credited to solver");
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Committed), "unfrozen, not slashed");
        assertEq(market.getJob(jobId).openDisputes, 0, "unfrozen");
        vm.prank(solver);
        dg.withdraw(solver);
        assertEq(token.balanceOf(solver), before + BOND, "withdrawn");
    }

    // ------------------------------------------------------------------------------ clocks

    function test_resolveTimeout_solverSilent_challengerWins() public {
        _train(4, 2, _honest());
        _commitJob();
        uint256 id = _open(challenger, ClaimKind.Transition);
        GameView memory v = GameLayout.read(dg, id);
        assertEq(uint256(v.turn), uint256(Side.Solver), "solver to move");
        assertEq(v.deadline, block.timestamp + CLOCK, "deadline");
        vm.warp(v.deadline);
        vm.expectRevert(abi.encodeWithSelector(DisputeGame_ClockRunning.selector, v.deadline));
        dg.resolveTimeout(id);
        vm.warp(v.deadline + 1);
        dg.resolveTimeout(id);
        _assertChallengerWon(GameLayout.read(dg, id), Outcome.SolverTimedOut);
    }

    function test_resolveTimeout_challengerSilent_solverWins() public {
        _train(4, 2, _honest());
        _commitJob();
        uint256 id = _open(challenger, ClaimKind.Transition);
        vm.warp(block.timestamp + 100);
        assertTrue(_moveOnce(id), "solver reveals");
        GameView memory v = GameLayout.read(dg, id);
        assertEq(uint256(v.turn), uint256(Side.Challenger), "challenger to move");
        assertEq(v.solverClock, CLOCK - 100, "solver clock charged");
        vm.warp(v.deadline + 1);
        dg.resolveTimeout(id);
        v = GameLayout.read(dg, id);
        assertEq(uint256(v.outcome), uint256(Outcome.ChallengerTimedOut), "outcome");
        assertEq(dg.credit(solver), BOND, "bond to solver");
        assertEq(market.getJob(jobId).openDisputes, 0, "unfrozen");
    }

    function test_move_late_reverts() public {
        _train(4, 2, _honest());
        _commitJob();
        uint256 id = _open(challenger, ClaimKind.Transition);
        GameView memory v = GameLayout.read(dg, id);
        vm.warp(v.deadline + 1);
        bytes32[] memory tl = _traceLeaves(SOLVER);
        bytes32[] memory c = _children(tl, _height(tl.length), 0);
        bytes32 root = _root(tl);
        vm.prank(solver);
        vm.expectRevert(abi.encodeWithSelector(DisputeGame_ClockExpired.selector, v.deadline));
        dg.revealTrace(id, root, c);
    }

    // ------------------------------------------------------------------------------ wrong moves

    function test_wrongMoves_revertWithSpecificErrors() public {
        _train(10, 3, _cheat(2, 5, 2, 1, 2));
        _commitJob();
        uint256 id = _open(challenger, ClaimKind.Transition);
        bytes32[] memory tl = _traceLeaves(SOLVER);
        uint256 h = _height(tl.length);
        bytes32[] memory c = _children(tl, h, 0);
        bytes32 root = _root(tl);

        // out of turn: the challenger cannot move while the solver must
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(DisputeGame_NotYourTurn.selector, challenger, uint8(Phase.AwaitTrace)));
        dg.pick(id, c, 0);
        // wrong function for the claim kind
        vm.prank(solver);
        vm.expectRevert(abi.encodeWithSelector(DisputeGame_WrongPhase.selector, uint8(Phase.AwaitTrace)));
        dg.proveModel(id, root, new bytes32[](0));
        // a tree root that the trace root does not bind
        vm.prank(solver);
        vm.expectRevert(DisputeGame_TraceRootMismatch.selector);
        dg.revealTrace(id, keccak256("x"), c);
        // wrong number of children / children that do not rebuild the root
        vm.prank(solver);
        vm.expectRevert(abi.encodeWithSelector(DisputeGame_ChildCount.selector, c.length, 2));
        dg.revealTrace(id, root, new bytes32[](2));
        bytes32[] memory bad = _children(tl, h, 0);
        bad[1] = keccak256("bad");
        vm.prank(solver);
        vm.expectRevert(DisputeGame_ChildrenMismatch.selector);
        dg.revealTrace(id, root, bad);

        vm.prank(solver);
        dg.revealTrace(id, root, c);
        // the solver cannot move twice
        vm.prank(solver);
        vm.expectRevert(abi.encodeWithSelector(DisputeGame_NotYourTurn.selector, solver, uint8(Phase.Pick)));
        dg.reveal(id, c);
        // a stranger cannot move
        vm.prank(address(0xBEEF));
        vm.expectRevert(abi.encodeWithSelector(DisputeGame_NotYourTurn.selector, address(0xBEEF), uint8(Phase.Pick)));
        dg.pick(id, c, 0);
        // out-of-range child, tampered children
        vm.startPrank(challenger);
        vm.expectRevert(abi.encodeWithSelector(DisputeGame_ChildOutOfRange.selector, c.length, c.length));
        dg.pick(id, c, c.length);
        vm.expectRevert(DisputeGame_ChildrenMismatch.selector);
        dg.pick(id, bad, 0);
        // canonical padding is agreed: 5 leaves in a height-3 tree, child 5 is a zero padding leaf
        vm.expectRevert(abi.encodeWithSelector(DisputeGame_AgreedSegment.selector, 5));
        dg.pick(id, c, 5);
        vm.stopPrank();
        GameView memory v = GameLayout.read(dg, id);
        assertEq(uint256(v.phase), uint256(Phase.Pick), "unchanged");
        assertEq(v.node, root, "node unchanged");
    }

    function test_wrongMoves_stepAndLeafLevels() public {
        _train(10, 3, _cheat(2, 5, 2, 1, 2));
        _commitJob();
        uint256 id = _open(challenger, ClaimKind.Transition);
        GameView memory v;
        for (uint256 i; i < 12; ++i) {
            v = GameLayout.read(dg, id);
            if (v.phase == Phase.AwaitStep) break;
            _moveOnce(id);
        }
        // bad predecessor proof
        StepReveal memory bad = _badPred(_stepReveal(v));
        vm.prank(solver);
        vm.expectRevert(DisputeGame_BadProof.selector);
        dg.revealStep(id, bad);
        assertTrue(_moveOnce(id), "revealStep");
        // tampered roots at the op pick, op out of range
        bytes32[] memory roots = _concat(_paramRoots(SOLVER, 5), _ops(SOLVER, 5));
        roots[0] = keccak256("x");
        vm.prank(challenger);
        vm.expectRevert(DisputeGame_RootsMismatch.selector);
        dg.pickTensor(id, roots, 2, _noOpening());
        roots = _concat(_paramRoots(SOLVER, 5), _ops(SOLVER, 5));
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(DisputeGame_TensorOutOfRange.selector, 23, 23));
        dg.pickTensor(id, roots, 23, _noOpening());
        for (uint256 i; i < 6; ++i) {
            v = GameLayout.read(dg, id);
            if (v.phase == Phase.OpenRow) break;
            _moveOnce(id);
        }
        bytes memory row = _tensorRows(v, SOLVER)[v.row];
        vm.prank(solver);
        vm.expectRevert(DisputeGame_BadRow.selector);
        dg.openRow(id, bytes.concat(row, hex"00000000"));
        assertTrue(_moveOnce(id), "openRow");
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(DisputeGame_ColumnOutOfRange.selector, 3, 3));
        dg.pickColumn(id, 3);
        assertTrue(_moveOnce(id), "pickColumn");
        v = GameLayout.read(dg, id);
        // a wrong input row proof
        LeafReveal memory lr = _tamperInput(_leafReveal(v, row));
        vm.prank(solver);
        (bool ok, bytes memory ret) = address(dg).call(abi.encodeCall(DisputeGame.proveLeaf, (id, lr)));
        assertFalse(ok, "tampered input");
        assertEq(bytes4(ret), DisputeGame_BadProof.selector, "BadProof");
        v = _play(id);
        _assertChallengerWon(v, Outcome.LeafMismatch);
    }

    function _badPred(StepReveal memory r) internal pure returns (StepReveal memory) {
        r.agreedLeaf = keccak256("not the agreed leaf");
        return r;
    }

    function _tamperInput(LeafReveal memory r) internal pure returns (LeafReveal memory) {
        r.in0[0] = bytes1(uint8(r.in0[0]) ^ 0x01);
        return r;
    }
}
