package io.tribunal.cli.demo;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.core.commit.Hash32;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.DisputeReport;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.dispute.GameEvent;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows the dispute game on one job from the DisputeGame contract's events: waits for the game to
 * open, prints every move as it lands on-chain, and returns the final report once it is resolved.
 */
final class DisputeFeed {
  private final DisputeChain games;
  private final ChainWatch chain;
  private final Consumer<String> say;

  DisputeFeed(ChainWatch chain, Deployment deployment, Consumer<String> say) {
    this.games = DisputeChain.readOnly(chain.chain(), deployment);
    this.chain = chain;
    this.say = say;
  }

  long awaitGame(Bytes32 jobId, Duration timeout) {
    Hash32 job = new Hash32(jobId.bytes());
    long[] id = {-1};
    chain.await(
        "a dispute game on job " + jobId,
        timeout,
        () -> {
          List<Long> ids = games.gamesOf(job);
          if (ids.isEmpty()) {
            return false;
          }
          id[0] = ids.get(0);
          return true;
        });
    return id[0];
  }

  /** Prints each move of game {@code gameId} as it happens until the game is resolved. */
  DisputeReport follow(long gameId, Duration timeout) {
    int[] printed = {0};
    chain.await(
        "game " + gameId + " to be resolved",
        timeout,
        () -> {
          DisputeView v = games.view(gameId);
          List<GameEvent> events = games.events(gameId);
          for (int i = printed[0]; i < events.size(); i++) {
            GameEvent e = events.get(i);
            say.accept(
                String.format(
                    "    event %2d  block %-5d %-10s %-18s %s",
                    i + 1,
                    e.block(),
                    e.side() == null ? "-" : e.side().name().toLowerCase(java.util.Locale.ROOT),
                    e.name(),
                    e.detail()));
          }
          printed[0] = events.size();
          return v.resolved() && printed[0] == games.events(gameId).size();
        });
    return DisputeReport.of(games, gameId);
  }

  /** The bond every game on {@code jobId} posts, sized when the job was registered. */
  BigInteger bond(Bytes32 jobId) {
    return games.jobBond(new Hash32(jobId.bytes()));
  }
}
