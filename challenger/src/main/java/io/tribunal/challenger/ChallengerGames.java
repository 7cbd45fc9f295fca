package io.tribunal.challenger;

import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.node.daemon.DaemonRuntime;
import io.tribunal.node.daemon.Withdrawals;
import io.tribunal.protocol.dispute.ChallengerPlayer;
import io.tribunal.protocol.dispute.ClaimKind;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The challenger's games: OPENING sends the claim (once, through the intent journal), PLAYING
 * answers each move from the honest trace, COLLECTING withdraws the bounty and bonds of a won game.
 * Each step re-reads the game from the chain first.
 */
final class ChallengerGames {
  private static final Logger LOG = LoggerFactory.getLogger(ChallengerDaemon.class);

  private final ChallengerConfig config;
  private final DaemonRuntime rt;
  private final GameActions actions;
  private final CommitmentJudge judge;
  private final HonestRun honestRun;
  private final Parallel gameThreads;
  private final String me;
  private final Consumer<String> count;
  private final Map<String, ChallengerPlayer> players = new ConcurrentHashMap<>();

  ChallengerGames(
      ChallengerConfig config,
      DaemonRuntime rt,
      GameActions actions,
      CommitmentJudge judge,
      HonestRun honestRun,
      Parallel gameThreads,
      Consumer<String> count) {
    this.config = config;
    this.rt = rt;
    this.actions = actions;
    this.judge = judge;
    this.honestRun = honestRun;
    this.gameThreads = gameThreads;
    this.me = rt.address();
    this.count = count;
  }

  void open(String id, ChallengeRecord rec, JobMarket.JobView v, JobStatus status) {
    boolean sent = rt.tx().known(io.tribunal.node.chain.Intents.open(id));
    if (!sent
        && (status != JobStatus.COMMITTED || rt.reader().now() > v.challengeDeadline.longValue())) {
      rt.jobs()
          .put(
              id,
              ChallengerDaemon.Phase.IGNORED.name(),
              rec.withNote("not disputable any more: " + status).json());
      return;
    }
    JobRequest r = rec.request().toJobRequest();
    HonestRun.Job job;
    try (Parallel p = Parallel.of(config.threads())) {
      DatasetSplit data = judge.dataset(r, p);
      job = honestRun.resolve(v, r, judge.solverManifest(id), data.train().size());
    }
    ClaimKind kind = rec.claimKind().orElseThrow();
    long gameId;
    try {
      gameId = actions.open(id, r, job, kind);
    } catch (TransactionRevertedException e) {
      if (!rt.tx().known(io.tribunal.node.chain.Intents.open(id))) {
        throw e; // nothing was signed (e.g. the estimate failed): try again next loop
      }
      rt.jobs()
          .put(
              id,
              ChallengerDaemon.Phase.IGNORED.name(),
              rec.withNote("open failed: " + e.getMessage()).json());
      return;
    }
    count.accept("tribunal_disputes_opened_total");
    LOG.info("job {}: opened game {} ({} claim)", id, gameId, kind);
    rt.jobs().put(id, ChallengerDaemon.Phase.PLAYING.name(), rec.withGame(gameId).json());
  }

  void play(String id, ChallengeRecord rec, JobStatus status) {
    long gameId = rec.gameId();
    DisputeView v = actions.games().view(gameId);
    Optional<String> foreign = GameActions.notOurs(v, me, Hash32.fromHex(id));
    if (foreign.isPresent()) {
      LOG.error("job {}: not playing: {}", id, foreign.get());
      rt.jobs().put(id, ChallengerDaemon.Phase.IGNORED.name(), rec.withNote(foreign.get()).json());
      return;
    }
    if (v.resolved()) {
      LOG.info(
          "job {} game {}: resolved: {} ({} won); pinpoint {}",
          id,
          gameId,
          v.outcome(),
          v.outcome().challengerWon() ? "challenger" : "solver",
          v.pinpoint());
      rt.jobs().put(id, ChallengerDaemon.Phase.COLLECTING.name(), rec.json());
      return;
    }
    if (status == JobStatus.CHEATED) {
      actions.closeSettled(gameId);
      return;
    }
    ChallengerPlayer player = players.computeIfAbsent(id, k -> player(k, rec));
    actions
        .play(gameId, player)
        .ifPresent(
            s -> {
              count.accept("tribunal_dispute_moves_total");
              LOG.info("job {} game {}: played {} (gas {})", id, gameId, s.move(), s.gas());
            });
  }

  private ChallengerPlayer player(String id, ChallengeRecord rec) {
    DatasetSplit data = judge.dataset(rec.request().toJobRequest(), gameThreads);
    return new ChallengerPlayer(actions.games(), honestRun.trace(id, data, gameThreads));
  }

  void collect(String id, ChallengeRecord rec) {
    DisputeView v = actions.games().view(rec.gameId());
    players.remove(id);
    if (!v.outcome().challengerWon()) {
      count.accept("tribunal_disputes_lost_total");
      LOG.warn(
          "job {} game {}: LOST ({}), the bond went to the solver", id, v.gameId(), v.outcome());
      rt.jobs()
          .put(id, ChallengerDaemon.Phase.LOST.name(), rec.withNote(v.outcome().name()).json());
      return;
    }
    BigInteger[] got = Withdrawals.of(rt).all(id);
    count.accept("tribunal_disputes_won_total");
    LOG.info(
        "job {} game {}: WON ({}); withdrew bounty {} and bonds {}",
        id,
        v.gameId(),
        v.outcome(),
        got[0],
        got[1]);
    rt.jobs().put(id, ChallengerDaemon.Phase.WON.name(), rec.withNote(v.outcome().name()).json());
  }
}
