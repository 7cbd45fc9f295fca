package io.tribunal.challenger;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.node.daemon.LocalPhase;
import io.tribunal.node.daemon.RoleDaemon;
import io.tribunal.node.daemon.Withdrawals;
import io.tribunal.node.persist.JobTable;
import io.tribunal.protocol.chain.SubmittedJobs;
import io.tribunal.protocol.dispute.ClaimKind;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.job.JobStatus;
import io.tribunal.protocol.job.SignedSubmission;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The challenger bot. Reads confirmed JobSubmitted events into its state DB and moves each job
 * along WATCHING → CHECKING → OPENING → PLAYING → COLLECTING → WON (or CLEAN / LOST / IGNORED),
 * re-reading the job and game from the chain before every action. CHECKING runs on a worker thread:
 * it replays the solver's checkpoints (sampled or all intervals); on any problem it recomputes the
 * job honestly and opens a claim only if the commitment differs from its own run, so a solver that
 * merely served bad data does not cost the challenger its bond. Every transaction goes through the
 * intent journal ({@link GameActions}), so a restart after {@code kill -9} plays the same game and
 * opens no second one. Games others opened on the same job (by anyone) change nothing: the
 * challenger opens its own all the same and plays only that one.
 */
public final class ChallengerDaemon extends RoleDaemon<ChallengerDaemon.Phase> {
  private static final Logger LOG = LoggerFactory.getLogger(ChallengerDaemon.class);

  /** Local job phases (stored by name); CLEAN and the phases after it are terminal. */
  enum Phase implements LocalPhase {
    WATCHING,
    CHECKING,
    OPENING,
    PLAYING,
    COLLECTING,
    CLEAN,
    WON,
    LOST,
    IGNORED;

    @Override
    public boolean terminal() {
      return compareTo(CLEAN) >= 0;
    }
  }

  /** The counters this daemon exports (documented in docs/operators.md), declared at start. */
  private static final Map<String, String> COUNTERS =
      Map.of(
          "tribunal_mismatches_total",
          "Commitments found wrong",
          "tribunal_disputes_opened_total",
          "Dispute games opened",
          "tribunal_dispute_moves_total",
          "Dispute moves sent",
          "tribunal_disputes_lost_total",
          "Dispute games lost",
          "tribunal_disputes_won_total",
          "Dispute games won");

  private final ChallengerConfig config;
  private final HonestRun honestRun;
  private final Map<String, Future<Optional<ClaimKind>>> checks = new ConcurrentHashMap<>();
  private ExecutorService worker;
  private Parallel gameThreads;
  private CommitmentJudge judge;
  private ChallengerGames games;
  private GameActions actions;
  private Optional<DataDemands> dataDemands = Optional.empty();

  public ChallengerDaemon(ChallengerConfig config) {
    super("challenger", config.daemon(), Phase.class, COUNTERS);
    this.config = config;
    this.honestRun = new HonestRun(config);
  }

  @Override
  protected void wire() {
    gameThreads = own(Parallel.of(config.threads()));
    worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("checker").factory());
    own(worker::shutdownNow); // closed first: a running check is interrupted
    actions =
        new GameActions(
            rt.contracts(),
            rt.reader(),
            rt.tx(),
            DisputeChain.readOnly(rt.chain(), config.daemon().deployment()));
  }

  @Override
  protected boolean staked() {
    return false;
  }

  @Override
  protected void ready() {
    dataDemands =
        io.tribunal.protocol.da.DataChain.of(rt.chain(), config.daemon().deployment())
            .map(
                d ->
                    new DataDemands(
                        rt.contracts(),
                        rt.reader(),
                        rt.tx(),
                        d,
                        actions,
                        config.daemon().deployment().find("DataAvailability").orElseThrow().block(),
                        new io.tribunal.protocol.da.BeaconBlobs(
                            config.daemon().beaconUrl(), rt.reader()),
                        job -> Withdrawals.of(rt).market(job)));
    dataDemands.ifPresent(DataDemands::recover);
    judge = new CommitmentJudge(config, rt, new Samples(rt.credentials()), honestRun, dataDemands);
    games = new ChallengerGames(config, rt, actions, judge, honestRun, gameThreads, this::count);
    LOG.info(
        "challenger {}: ready (replay {}{}; metrics on port {})",
        rt.address(),
        config.replay().name().toLowerCase(java.util.Locale.ROOT),
        config.replay() == ChallengerConfig.Replay.SAMPLE ? ", k = " + config.samples() : "",
        rt.metricsPort());
  }

  @Override
  protected void afterPass() {
    dataDemands.ifPresent(DataDemands::tick);
  }

  @Override
  protected void intake(List<Log> logs) {
    SubmittedJobs.forEach(
        logs,
        (id, r) ->
            rt.jobs()
                .addIfAbsent(
                    id.hex(),
                    Phase.WATCHING.name(),
                    ChallengeRecord.of(SignedSubmission.Request.of(r)).json()));
  }

  @Override
  protected void advance(JobTable.Row row) {
    String id = row.jobId();
    ChallengeRecord rec = ChallengeRecord.parse(row.data());
    JobMarket.JobView v =
        rt.reader()
            .view(
                "getJob", () -> rt.contracts().market().getJob(Bytes32.fromHex(id).bytes()).send());
    JobStatus status = JobStatus.of(v.status);
    switch (Phase.valueOf(row.phase())) {
      case WATCHING -> watch(id, rec, status);
      case CHECKING -> checkCommitment(id, rec, v, status);
      case OPENING -> games.open(id, rec, v, status);
      case PLAYING -> games.play(id, rec, status);
      case COLLECTING -> games.collect(id, rec);
      default -> {}
    }
  }

  private void watch(String id, ChallengeRecord rec, JobStatus status) {
    if (status == JobStatus.COMMITTED) {
      rt.jobs().put(id, Phase.CHECKING.name(), rec.json());
    } else if (status.terminal()) {
      rt.jobs().put(id, Phase.IGNORED.name(), rec.withNote("never committed: " + status).json());
    }
  }

  private void checkCommitment(
      String id, ChallengeRecord rec, JobMarket.JobView v, JobStatus status) {
    if (status != JobStatus.COMMITTED) {
      checks.remove(id);
      boolean reorged = !status.terminal();
      rt.jobs()
          .put(
              id,
              reorged ? Phase.WATCHING.name() : Phase.IGNORED.name(),
              reorged ? rec.json() : rec.withNote("settled before the check: " + status).json());
      return;
    }
    if (rt.reader().now() > v.challengeDeadline.longValueExact()) {
      checks.remove(id);
      rt.jobs().put(id, Phase.IGNORED.name(), rec.withNote("challenge window closed").json());
      return;
    }
    Future<Optional<ClaimKind>> f =
        checks.computeIfAbsent(id, k -> worker.submit(() -> judge.verdict(id, rec, v)));
    if (!f.isDone()) {
      return;
    }
    checks.remove(id);
    Optional<ClaimKind> claim;
    try {
      claim = f.get();
    } catch (Exception e) {
      LOG.warn("job {}: check failed, retrying: {}", id, e.getMessage());
      return;
    }
    if (claim.isEmpty()) {
      LOG.info("job {}: commitment matches the honest run; nothing to dispute", id);
      rt.jobs().put(id, Phase.CLEAN.name(), rec.json());
    } else {
      count("tribunal_mismatches_total");
      rt.jobs().put(id, Phase.OPENING.name(), rec.withClaim(claim.get()).json());
    }
  }
}
