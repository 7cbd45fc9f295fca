// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {GameLayout, IGameWords} from "../../src/dispute/lib/GameLayout.sol";
import {Test} from "../base/Test.sol";
import {DisputeGameBase} from "./DisputeGameBase.sol";
import {TinyTrainer} from "./TinyTrainer.sol";
import {JobRequest, JobStatus} from "../../src/types/JobTypes.sol";
import {ClaimKind, Phase, Side, Outcome, GameView} from "../../src/types/DisputeTypes.sol";
import {AdversaryWorld, IMarketLike, IGameLike} from "../invariants/DisputeAdversariesInvariants.t.sol";

/// @notice The sniping sequence the campaign looks for, played once on purpose: the solver answers
///         the honest game (the honest challenger is to move), proves its cheat through a sybil,
///         lets the clock run and claims the honest game's timeout. The honest challenger keeps
///         its bond.
contract DisputeAdversariesSequenceTest is Test {
    function test_snipeThenTimeout_honestChallengerKeepsItsBond() public {
        AdversaryWorld world = new AdversaryWorld();
        world.build();
        world.cheatAnswers(0);
        (address dg, address market,,) = world.contracts();
        assertEq(
            uint256(GameLayout.read(IGameWords(dg), world.honestGame()).turn),
            uint256(Side.Challenger),
            "honest to move"
        );
        world.sybilProvesCheat(0);
        assertEq(
            uint256(IMarketLike(market).jobStatus(world.jobX())), uint256(JobStatus.Cheated), "proven by the sybil"
        );
        world.timePasses(39 minutes);
        world.timePasses(39 minutes);
        world.anyoneResolves(0, false);
        GameView memory h = GameLayout.read(IGameWords(dg), world.honestGame());
        assertEq(uint256(h.outcome), uint256(Outcome.JobAlreadySettled), "closed as settled, not timed out");
        assertEq(IGameLike(dg).credit(world.honestChallenger()), 5e6, "bond back");
    }
}
