package io.tribunal.cli.demo;

import static io.tribunal.cli.demo.DemoStory.CHALLENGER;
import static io.tribunal.cli.demo.DemoStory.CHEAT;
import static io.tribunal.cli.demo.DemoStory.CHEAT_COLLATERAL;
import static io.tribunal.cli.demo.DemoStory.CHEAT_PRICE;
import static io.tribunal.cli.demo.DemoStory.CHEAT_STEP;
import static io.tribunal.cli.demo.DemoStory.HONEST;
import static io.tribunal.cli.demo.DemoStory.USER;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.devnet.kit.Tusd;
import io.tribunal.protocol.dispute.CheatPayout;
import io.tribunal.protocol.dispute.DisputeReport;
import io.tribunal.protocol.dispute.Pinpoint;
import io.tribunal.protocol.dispute.Side;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Steps 6-8 of the demo: the cheating solver takes job 2 and commits a bad trace, the challenger
 * disputes it move by move down to one element, and the cheat is slashed.
 */
final class CheatScene {
  private final DemoStage stage;
  private final ChainWatch chain;

  CheatScene(DemoStage stage) {
    this.stage = stage;
    this.chain = stage.chain();
  }

  /** Runs steps 6-8; the challenger's wallet was {@code challengerWalletBefore} at the start. */
  void run(int cheatRelay, BigInteger challengerWalletBefore) {
    Bytes32 job2 = cheatingJob(cheatRelay);
    DisputeReport report = dispute(job2);
    slash(job2, report, challengerWalletBefore);
  }

  /** 6: job 2 through the cheat's relay, claimed and committed with one flipped element. */
  private Bytes32 cheatingJob(int cheatRelay) {
    Bytes32 job2 =
        JobSubmission.submit(stage.configs(), USER, 2, cheatRelay, CHEAT_PRICE, CHEAT_COLLATERAL);
    stage.say(
        "6/9 "
            + USER
            + " submits job 2 (price 20 tUSD, collateral 40) through "
            + CHEAT
            + "'s relay: job "
            + job2.hex());
    chain.await(
        CHEAT + " to claim job 2", Duration.ofSeconds(60), () -> stage.claimedOrLater(job2));
    String claimer = chain.job(job2).solver;
    stage.say(
        "    "
            + (claimer.equalsIgnoreCase(stage.addr(CHEAT)) ? CHEAT : claimer)
            + " claimed it ("
            + HONEST
            + " skips it: price below its minimum); it trains and flips one matmul element at"
            + " step "
            + CHEAT_STEP);
    chain.await(
        CHEAT + " to commit job 2",
        Duration.ofSeconds(120),
        () -> chain.status(job2) != JobStatus.CLAIMED);
    stage.say("    " + CHEAT + " committed a bad trace root for job 2");
    return job2;
  }

  /** 7: the challenger's game, each move as it lands, and the pinpointed element. */
  private DisputeReport dispute(Bytes32 job2) {
    DisputeFeed feed = new DisputeFeed(chain, stage.deployment(), stage::say);
    long gameId = feed.awaitGame(job2, Duration.ofSeconds(120));
    stage.say(
        "7/9 "
            + CHALLENGER
            + " replayed job 2, found the mismatch and opened dispute game "
            + gameId
            + " ("
            + Tusd.format(feed.bond(job2))
            + " tUSD bond, sized to the defender's worst-case gas); each move as it lands, from"
            + " the DisputeGame events:");
    DisputeReport report = feed.follow(gameId, Duration.ofSeconds(240));
    stage.say(
        "    resolved "
            + report.view().outcome()
            + " ("
            + (report.view().outcome().challengerWon() ? "challenger" : "solver")
            + " won) after "
            + report.events().size()
            + " events");
    stage.say(pinpointed(report.pinpoint()));
    return report;
  }

  private static String pinpointed(Pinpoint p) {
    return "    pinpointed: step "
        + p.step().orElse(-1)
        + " (transition "
        + p.step().orElse(-1)
        + " -> "
        + (p.step().orElse(-1) + 1)
        + "), op "
        + (p.tensor().isPresent() ? p.tensor().getAsInt() : "?")
        + ", element (row "
        + (p.row().isPresent() ? p.row().getAsInt() : "?")
        + ", col "
        + (p.col().isPresent() ? p.col().getAsInt() : "?")
        + ")"
        + (p.atInit() ? " [initial parameters]" : "");
  }

  /** 8: job 2 marked cheated, the challenger paid, and where the slashed collateral went. */
  private void slash(Bytes32 job2, DisputeReport report, BigInteger challengerWalletBefore) {
    chain.await(
        "job 2 to be marked cheated",
        Duration.ofSeconds(120),
        () -> chain.status(job2) == JobStatus.CHEATED);
    // the only game open at the proof: the whole reward share plus a refund per challenger move
    CheatPayout payout = chain.cheatPayout(job2);
    long challengerMoves = report.moves(Side.CHALLENGER);
    BigInteger toChallenger = payout.forGame(challengerMoves);
    chain.await(
        "the challenger's withdrawal",
        Duration.ofSeconds(120),
        () ->
            chain.wallet(stage.addr(CHALLENGER)).equals(challengerWalletBefore.add(toChallenger)));
    BigInteger userShare = CHEAT_COLLATERAL.multiply(BigInteger.valueOf(3)).divide(BigInteger.TEN);
    stage.say(
        "8/9 "
            + CHEAT
            + " slashed "
            + Tusd.format(CHEAT_COLLATERAL)
            + " tUSD of stake: "
            + Tusd.format(payout.share())
            + " reward + "
            + challengerMoves
            + " moves x "
            + Tusd.format(payout.refundPerMove())
            + " refunded to "
            + CHALLENGER
            + " (bond back), price + "
            + Tusd.format(userShare)
            + " to "
            + USER
            + " (claimable), "
            + Tusd.format(CHEAT_COLLATERAL.subtract(toChallenger).subtract(userShare))
            + " to the treasury");
  }
}
