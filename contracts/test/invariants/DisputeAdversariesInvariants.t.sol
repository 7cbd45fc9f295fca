// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {GameLayout, IGameWords} from "../../src/dispute/lib/GameLayout.sol";
import {Test} from "../base/Test.sol";
import {DisputeGameBase} from "../dispute/DisputeGameBase.sol";
import {TinyTrainer} from "../dispute/TinyTrainer.sol";
import {JobRequest, JobStatus} from "../../src/types/JobTypes.sol";
import {ClaimKind, Phase, Side, Outcome, GameView} from "../../src/types/DisputeTypes.sol";

/// @notice Two committed jobs and everyone around them: an honest solver's job H, attacked by
///         griefers who open frivolous games of any kind and make random moves; a cheating
///         solver's job X (one flipped element at step 5), defended by its solver, who answers or
///         stalls at will, and "challenged" by its sybils, who open games of any kind and play
///         them; and one honest challenger with a TRANSITION game on X from the start. The honest
///         parties are live: before any time passes they make every move that is theirs.
contract AdversaryWorld is DisputeGameBase {
    address public constant HONEST_SOLVER = address(0x51);
    address public honestChallenger;
    address[3] public sybils = [address(0x5B01), address(0x5B02), address(0x5B03)];
    address[3] public griefers = [address(0x6F01), address(0x6F02), address(0x6F03)];
    bytes32 public jobX;
    bytes32 public jobH;
    uint256 public honestGame;
    uint256 public honestSolverWithdrawn;
    uint256 public honestChallengerWithdrawn;
    uint256[] internal _gamesH;
    uint256[] internal _gamesX;

    /// @notice Builds the world (not in the constructor: cheatcode pranks need a call frame).
    function build() external {
        require(jobX == bytes32(0), "built");
        _setUpGame();
        _operator(HONEST_SOLVER, 1, 1_000e6);
        honestChallenger = challenger;
        _train(10, 3, TinyTrainer.Cheat(2, 5, 2, 1, 2));
        _commitJob(); // X: `solver` commits the cheating run
        jobX = jobId;
        jobH = _commitHonestJob();
        for (uint256 i; i < 3; ++i) {
            _fund(sybils[i]);
            _fund(griefers[i]);
        }
        jobId = jobX;
        vm.prank(honestChallenger);
        honestGame = dg.open(jobX, ClaimKind.Transition);
        _gamesX.push(honestGame);
    }

    // ------------------------------------------------------------------------------ actions

    /// @dev A move that reverts inside a prank leaves the prank standing: every action starts clean.
    modifier fresh() {
        vm.stopPrank();
        _;
    }

    function sybilOpens(uint256 who, uint8 kind) external fresh {
        vm.prank(sybils[who % 3]);
        _gamesX.push(dg.open(jobX, ClaimKind(kind % 3)));
    }

    function griefOpens(uint256 who, uint8 kind) external fresh {
        vm.prank(griefers[who % 3]);
        _gamesH.push(dg.open(jobH, ClaimKind(kind % 3)));
    }

    /// @notice The cheating solver answers one of its games (from its own run), or does nothing.
    function cheatAnswers(uint256 seed) external fresh {
        // half the time the honest game: answering it hands the turn to the honest challenger,
        // which is where a sniper wants it when it proves the cheat elsewhere
        uint256 id = seed % 2 == 0 ? honestGame : _gamesX[(seed / 2) % _gamesX.length];
        GameView memory v = GameLayout.read(dg, id);
        if (v.turn != Side.Solver) return;
        _asSolverOf(jobX);
        _solverMove(id, v);
    }

    /// @notice A sybil plays its game on X: the honest comparison (which proves the cheat) or a
    ///         random child.
    function sybilPlays(uint256 seed, bool honestly, uint256 child) external fresh {
        if (_gamesX.length == 0) return;
        uint256 id = _gamesX[seed % _gamesX.length];
        GameView memory v = GameLayout.read(dg, id);
        if (v.turn != Side.Challenger || v.challenger == honestChallenger) return;
        _asSolverOf(jobX);
        playingChallenger = v.challenger;
        if (honestly) {
            _challengerMove(id, v);
        } else {
            _randomMove(id, v, child);
        }
        playingChallenger = address(0);
    }

    /// @notice Sniping: the cheating solver plays both sides of a sybil's new TRANSITION game to
    ///         its own mismatch, proving the cheat through a game it controls, whatever state the
    ///         honest game is in.
    function sybilProvesCheat(uint256 who) external fresh {
        address s = sybils[who % 3];
        vm.prank(s);
        uint256 id = dg.open(jobX, ClaimKind.Transition);
        _gamesX.push(id);
        _asSolverOf(jobX);
        playingChallenger = s;
        for (uint256 i; i < 64 && GameLayout.read(dg, id).phase != Phase.Resolved; ++i) {
            if (!_moveOnce(id)) break;
        }
        playingChallenger = address(0);
    }

    /// @notice A griefer makes a random move in its game on H.
    function griefPlays(uint256 seed, uint256 child) external fresh {
        if (_gamesH.length == 0) return;
        uint256 id = _gamesH[seed % _gamesH.length];
        GameView memory v = GameLayout.read(dg, id);
        if (v.turn != Side.Challenger) return;
        _asSolverOf(jobH);
        playingChallenger = v.challenger;
        _randomMove(id, v, child);
        playingChallenger = address(0);
    }

    /// @notice Time passes, after the honest parties made every move that is theirs.
    function timePasses(uint32 dt) external fresh {
        honestPartiesAct();
        vm.warp(block.timestamp + dt % 40 minutes);
        vm.roll(block.number + 1);
    }

    function anyoneResolves(uint256 seed, bool onH) external fresh {
        uint256[] storage games = onH ? _gamesH : _gamesX;
        if (games.length == 0) return;
        dg.resolveTimeout(!onH && seed % 2 == 0 ? honestGame : games[(seed / 2) % games.length]);
    }

    function anyoneClosesSettled(uint256 seed) external fresh {
        if (_gamesX.length == 0) return;
        dg.closeSettled(_gamesX[seed % _gamesX.length]);
    }

    function anyoneFinalizes(bool h) external fresh {
        market.finalize(h ? jobH : jobX);
    }

    function withdraws(uint256 who) external fresh {
        address a = _party(who);
        uint256 bonds = dg.credit(a);
        if (bonds > 0) {
            vm.prank(a);
            dg.withdraw(a);
            if (a == HONEST_SOLVER) honestSolverWithdrawn += bonds;
            if (a == honestChallenger) honestChallengerWithdrawn += bonds;
        }
        if (market.claimable(a) > 0) {
            vm.prank(a);
            market.withdraw(a);
        }
    }

    /// @notice The honest solver answers every game on H; the honest challenger moves in its game.
    function honestPartiesAct() public fresh {
        _asSolverOf(jobH);
        for (uint256 i; i < _gamesH.length; ++i) {
            for (uint256 k; k < 3; ++k) {
                GameView memory v = GameLayout.read(dg, _gamesH[i]);
                if (v.turn != Side.Solver || block.timestamp > v.deadline) break;
                _solverMove(_gamesH[i], v);
            }
        }
        GameView memory h = GameLayout.read(dg, honestGame);
        if (h.turn == Side.Challenger && block.timestamp <= h.deadline) {
            _asSolverOf(jobX);
            playingChallenger = honestChallenger;
            try this.challengerMoveExternal(honestGame) {} catch {}
            vm.stopPrank();
            playingChallenger = address(0);
        }
    }

    /// @dev Lets `honestPartiesAct` try a move that may revert (the job was proven meanwhile).
    function challengerMoveExternal(uint256 id) external {
        require(msg.sender == address(this), "internal");
        _challengerMove(id, GameLayout.read(dg, id));
    }

    // ------------------------------------------------------------------------------ views

    function gamesH() external view returns (uint256[] memory) {
        return _gamesH;
    }

    function gamesX() external view returns (uint256[] memory) {
        return _gamesX;
    }

    function partyCount() external pure returns (uint256) {
        return 11;
    }

    function party(uint256 i) external view returns (address) {
        return _party(i);
    }

    function contracts() external view returns (address, address, address, address) {
        return (address(dg), address(market), address(token), address(reg));
    }

    function treasuryAddress() external view returns (address) {
        return treasury;
    }

    function userAddress() external view returns (address) {
        return user;
    }

    // ------------------------------------------------------------------------------ internals

    function _party(uint256 i) internal view returns (address) {
        i = i % 11;
        if (i < 3) return sybils[i];
        if (i < 6) return griefers[i - 3];
        if (i == 6) return HONEST_SOLVER;
        if (i == 7) return solver;
        if (i == 8) return honestChallenger;
        if (i == 9) return user;
        return treasury;
    }

    function _asSolverOf(bytes32 job) internal {
        jobId = job;
        solverSide = job == jobH ? HONEST : SOLVER;
        playingSolver = job == jobH ? HONEST_SOLVER : solver;
    }

    function _randomMove(uint256 id, GameView memory v, uint256 choice) internal {
        vm.startPrank(v.challenger);
        if (v.phase == Phase.Pick) {
            bytes32[] memory c = _children(_currentLeaves(id, solverSide), v.height, v.index);
            dg.pick(id, c, choice % c.length);
        } else if (v.phase == Phase.PickTensor) {
            if (v.atInit) {
                dg.pickTensor(id, _paramRoots(solverSide, v.step), choice % 4, _noOpening());
            } else {
                bytes32[] memory roots = _concat(_paramRoots(solverSide, v.step), _ops(solverSide, v.step));
                dg.pickTensor(id, roots, choice % (roots.length - 4), _noOpening());
            }
        } else if (v.phase == Phase.PickColumn) {
            dg.pickColumn(id, choice % 4);
        }
        vm.stopPrank();
    }

    function _commitHonestJob() internal returns (bytes32 id) {
        JobRequest memory r = req;
        r.nonce = 2;
        token.mint(user, r.price);
        vm.prank(user);
        token.approve(address(market), r.price);
        market.submitJob(r, _signRequest(USER_KEY, r), _noPermit(), _hyper(), tt.widths());
        id = market.hashJobRequest(r);
        vm.prank(HONEST_SOLVER);
        market.claim(id);
        bytes32 traceRoot = keccak256(
            abi.encodePacked(bytes1(0x05), _configHash(), nSteps, uint64(kInterval), _root(_traceLeaves(HONEST)))
        );
        bytes32 model = _stateHash(HONEST, nSteps); // before the prank: it makes external calls
        vm.prank(HONEST_SOLVER);
        market.commit(id, traceRoot, nSteps, kInterval, model, keccak256("steps"));
        dg.registerJob(r, _hyper(), tt.widths());
    }

    function _fund(address who) internal {
        token.mint(who, 1_000e6);
        vm.prank(who);
        token.approve(address(dg), type(uint256).max);
    }
}

/// @notice The invariants of PROPERTIES.md "Adversaries", over random interleavings of
///         AdversaryWorld's actions.
contract DisputeAdversariesInvariantTest is Test {
    AdversaryWorld internal world;
    uint256 internal honestStake;

    function setUp() public {
        world = new AdversaryWorld();
        world.build();
        (,, address token, address reg) = world.contracts();
        honestStake = _active(reg, world.HONEST_SOLVER());
        assertEq(IERC20Like(token).balanceOf(address(world)), 0, "the world holds no tokens");
        targetContract(address(world));
        bytes4[] memory selectors = new bytes4[](12);
        selectors[11] = AdversaryWorld.sybilProvesCheat.selector;
        selectors[0] = AdversaryWorld.sybilOpens.selector;
        selectors[1] = AdversaryWorld.griefOpens.selector;
        selectors[2] = AdversaryWorld.cheatAnswers.selector;
        selectors[3] = AdversaryWorld.sybilPlays.selector;
        selectors[4] = AdversaryWorld.griefPlays.selector;
        selectors[5] = AdversaryWorld.timePasses.selector;
        selectors[6] = AdversaryWorld.anyoneResolves.selector;
        selectors[7] = AdversaryWorld.anyoneClosesSettled.selector;
        selectors[8] = AdversaryWorld.anyoneFinalizes.selector;
        selectors[9] = AdversaryWorld.withdraws.selector;
        selectors[10] = AdversaryWorld.honestPartiesAct.selector;
        targetSelector(FuzzSelector({addr: address(world), selectors: selectors}));
    }

    /// @custom:invariant A cheating commitment never finalizes while the honest challenger acts.
    function invariant_cheatNeverFinalizes() public view {
        (, address market,,) = world.contracts();
        assertTrue(IMarketLike(market).jobStatus(world.jobX()) != JobStatus.Finalized, "cheat finalized");
    }

    /// @custom:invariant An honest solver never loses stake, its job is never slashed, and it wins
    ///                   every game on its job.
    function invariant_honestSolverNeverLoses() public view {
        (address dg, address market,, address reg) = world.contracts();
        assertEq(_active(reg, world.HONEST_SOLVER()), honestStake, "honest stake");
        assertTrue(IMarketLike(market).jobStatus(world.jobH()) != JobStatus.Cheated, "honest job slashed");
        uint256[] memory gh = world.gamesH();
        for (uint256 i; i < gh.length; ++i) {
            GameView memory v = GameLayout.read(IGameWords(dg), gh[i]);
            if (v.phase == Phase.Resolved) {
                assertTrue(
                    v.outcome == Outcome.ChallengerTimedOut || v.outcome == Outcome.LeafMatch
                        || v.outcome == Outcome.ModelProven,
                    "a game on the honest job was lost"
                );
            }
        }
    }

    /// @custom:invariant Funds are conserved to the unit: the game holds open bonds plus credited
    ///                   bonds; the market holds the escrowed prices of live jobs, what a cheated
    ///                   job still owes its open games, and every claimable credit; the registry
    ///                   holds its total stake.
    function invariant_fundsConserved() public view {
        (address dg, address market, address token, address reg) = world.contracts();
        (uint256 openBonds, uint256 credited) = IGameLike(dg).totalOwed();
        assertEq(IERC20Like(token).balanceOf(dg), openBonds + credited, "game balance");
        uint256 owed;
        bytes32[2] memory jobs = [world.jobH(), world.jobX()];
        for (uint256 j; j < 2; ++j) {
            JobStatus s = IMarketLike(market).jobStatus(jobs[j]);
            if (s == JobStatus.Committed) owed += 100e6; // the price of each job
            owed += IMarketLike(market).owedToOpenGames(jobs[j]);
        }
        for (uint256 i; i < world.partyCount(); ++i) {
            owed += IMarketLike(market).claimable(world.party(i));
        }
        assertEq(IERC20Like(token).balanceOf(market), owed, "market balance");
        assertEq(IERC20Like(token).balanceOf(reg), IRegistryLike(reg).totalStaked(), "registry balance");
    }

    /// @custom:invariant An honest party's net bond balance is never negative after a game: the
    ///                   honest solver holds (credited + withdrawn) one bond per resolved game on
    ///                   its job; the honest challenger never loses its bond.
    function invariant_honestBondsNeverNegative() public view {
        (address dg,,,) = world.contracts();
        uint256[] memory gh = world.gamesH();
        uint256 resolvedH;
        for (uint256 i; i < gh.length; ++i) {
            if (GameLayout.read(IGameWords(dg), gh[i]).phase == Phase.Resolved) resolvedH++;
        }
        assertEq(
            IGameLike(dg).credit(world.HONEST_SOLVER()) + world.honestSolverWithdrawn(),
            resolvedH * 5e6,
            "honest solver: one bond per frivolous game"
        );
        GameView memory h = GameLayout.read(IGameWords(dg), world.honestGame());
        if (h.phase == Phase.Resolved) {
            assertTrue(
                h.outcome == Outcome.SolverTimedOut || h.outcome == Outcome.LeafMismatch
                    || h.outcome == Outcome.NonCanonicalPadding || h.outcome == Outcome.JobAlreadySettled,
                "the honest challenger lost"
            );
        }
    }

    function _active(address reg, address who) internal view returns (uint256 a) {
        (a,,,) = IRegistryLike(reg).stakeOf(who);
    }
}

interface IERC20Like {
    function balanceOf(address) external view returns (uint256);
}

interface IMarketLike {
    function jobStatus(bytes32) external view returns (JobStatus);
    function claimable(address) external view returns (uint256);
    function owedToOpenGames(bytes32) external view returns (uint256);
}

interface IGameLike {
    function totalOwed() external view returns (uint256, uint256);
    function credit(address) external view returns (uint256);
}

interface IRegistryLike {
    function stakeOf(address) external view returns (uint256, uint256, uint256, uint256);
    function totalStaked() external view returns (uint256);
}
