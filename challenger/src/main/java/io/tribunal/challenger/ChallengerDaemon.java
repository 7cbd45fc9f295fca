package io.tribunal.challenger;

import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.protocol.chain.SubmittedJobs;
import io.tribunal.protocol.daemon.DaemonRuntime;
import io.tribunal.protocol.daemon.Withdrawals;
import io.tribunal.protocol.dispute.ChallengerPlayer;
import io.tribunal.protocol.dispute.ClaimKind;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.DisputeView;
import io.tribunal.protocol.job.DatasetSource;
import io.tribunal.protocol.job.JobStatus;
import io.tribunal.protocol.job.SignedSubmission;
import io.tribunal.protocol.metrics.Health;
import io.tribunal.protocol.metrics.Metrics;
import io.tribunal.protocol.persist.JobTable;
import io.tribunal.protocol.replay.CommitmentCheck;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
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
public final class ChallengerDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChallengerDaemon.class);

  /** Local job phases; CLEAN, WON, LOST and IGNORED are terminal. */
  enum Phase {
    WATCHING,
    CHECKING,
    OPENING,
    PLAYING,
    COLLECTING,
    CLEAN,
    WON,
    LOST,
    IGNORED
  }

  private static final List<String> TERMINAL =
      List.of(Phase.CLEAN.name(), Phase.WON.name(), Phase.LOST.name(), Phase.IGNORED.name());

  private final ChallengerConfig config;

  /** The counters this daemon exports (documented in docs/operators.md), declared at start. */
  private static final java.util.Map<String, String> COUNTERS =
      java.util.Map.of(
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

  private final Metrics metrics = new Metrics("challenger");
  private final Health health;
  private final HonestRun honestRun;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("checker").factory());
  private final Map<String, Future<Optional<ClaimKind>>> checks = new ConcurrentHashMap<>();
  private final Map<String, ChallengerPlayer> players = new ConcurrentHashMap<>();
  private final Map<String, DatasetSplit> datasetsByRoot = new ConcurrentHashMap<>();
  private volatile boolean running = true;

  /** False once the daemon was closed (or its loop ended). */
  public boolean isRunning() {
    return running;
  }

  private Parallel gameThreads;
  private DaemonRuntime rt;
  private DatasetSource datasets;
  private CommitmentCheck check;
  private GameActions actions;
  private Optional<DataDemands> dataDemands = Optional.empty();
  private Samples samples;
  private String me;

  public ChallengerDaemon(ChallengerConfig config) {
    this.config = config;
    this.health = DaemonRuntime.health(config.daemon());
    this.honestRun = new HonestRun(config);
  }

  /** Starts everything and runs the loop until {@link #close()}. */
  public void run() {
    start();
    rt.loop(() -> running, this::loopOnce);
  }

  void start() {
    rt = DaemonRuntime.start(config.daemon(), metrics, health);
    COUNTERS.forEach(metrics::counter);
    me = rt.address();
    samples = new Samples(rt.credentials());
    datasets = new DatasetSource(config.datasetCache());
    check = new CommitmentCheck(datasets, config.threads());
    gameThreads = Parallel.of(config.threads());
    actions =
        new GameActions(
            rt.contracts(),
            rt.reader(),
            rt.tx(),
            DisputeChain.readOnly(rt.chain(), config.daemon().deployment()));
    rt.gaugePhases(java.util.Arrays.stream(Phase.values()).map(Phase::name).toList());
    rt.gaugeBalances(false);
    rt.releaseHeldJobs();
    rt.tx().resumePending();
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
    LOG.info(
        "challenger {}: ready (replay {}{}; metrics on port {})",
        me,
        config.replay().name().toLowerCase(java.util.Locale.ROOT),
        config.replay() == ChallengerConfig.Replay.SAMPLE ? ", k = " + config.samples() : "",
        rt.metricsPort());
  }

  void loopOnce() {
    rt.scanMarket("challenger-market", this::onLogs, TERMINAL, this::advance);
    dataDemands.ifPresent(DataDemands::tick);
  }

  private void onLogs(List<Log> logs) {
    SubmittedJobs.forEach(
        logs,
        (id, r) ->
            rt.jobs()
                .addIfAbsent(
                    id.hex(),
                    Phase.WATCHING.name(),
                    ChallengeRecord.of(SignedSubmission.Request.of(r)).json()));
  }

  private void advance(JobTable.Row row) {
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
      case OPENING -> open(id, rec, v, status);
      case PLAYING -> play(id, rec, status);
      case COLLECTING -> collect(id, rec);
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
        checks.computeIfAbsent(id, k -> worker.submit(() -> verdict(id, rec, v)));
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

  /** Replays the solver's data; on any problem, the claim against its commitment (if any). */
  private Optional<ClaimKind> verdict(String id, ChallengeRecord rec, JobMarket.JobView v) {
    JobRequest r = rec.request().toJobRequest();
    long n = v.steps.longValueExact();
    SortedSet<Long> transitions =
        config.replay() == ChallengerConfig.Replay.ALL
            ? CommitmentCheck.everyInterval(n, v.checkpointInterval.longValueExact())
            : samples.of(id, n, config.samples());
    Path dir = config.daemon().dataDir().resolve("jobs").resolve(id).resolve("solver");
    String endpoint =
        rt.reader()
            .view("metadataOf", () -> rt.contracts().registry().metadataOf(v.solver).send())
            .endpoint;
    CommitmentCheck.Report report = check.check(endpoint, id, dir, v, r, transitions);
    if (report.matches()) {
      LOG.info("job {}: replayed transitions {}: all match", id, transitions);
      return Optional.empty();
    }
    if (report.mismatch()) {
      LOG.warn("job {}: MISMATCH: {}; recomputing the job honestly", id, report.problem().get());
    } else {
      // not the solver's fault as far as anyone knows: the challenger still trains the job itself
      // and opens a game only if its own trace differs from the commitment
      LOG.warn(
          "job {}: cannot check the published work ({}); recomputing the job honestly",
          id,
          report.unavailable().orElse("unknown"));
    }
    try (Parallel p = Parallel.of(config.threads())) {
      DatasetSplit data = dataset(r, p);
      HonestRun.Job job = honestRun.resolve(v, r, report.manifest(), data.train().size());
      if (report.withheld() && dataDemands.isPresent()) {
        // the solver must publish its final state on-chain, or be slashed for withholding it
        long k = v.checkpointInterval.longValueExact();
        long finalLeaf = (n + k - 1) / k;
        dataDemands.get().demand(id, r, job, finalLeaf);
      }
      Optional<ClaimKind> claim = HonestRun.claimAgainst(v, honestRun.train(id, job, data, p));
      LOG.info(
          "job {}: honest run done; {}",
          id,
          claim.map(k -> "opening a " + k + " claim").orElse("the commitment is honest after all"));
      return claim;
    }
  }

  private void open(String id, ChallengeRecord rec, JobMarket.JobView v, JobStatus status) {
    boolean sent = rt.tx().known("open:" + id);
    if (!sent
        && (status != JobStatus.COMMITTED || rt.reader().now() > v.challengeDeadline.longValue())) {
      rt.jobs()
          .put(id, Phase.IGNORED.name(), rec.withNote("not disputable any more: " + status).json());
      return;
    }
    JobRequest r = rec.request().toJobRequest();
    HonestRun.Job job;
    try (Parallel p = Parallel.of(config.threads())) {
      DatasetSplit data = dataset(r, p);
      job = honestRun.resolve(v, r, solverManifest(id), data.train().size());
    }
    ClaimKind kind = rec.claimKind().orElseThrow();
    long gameId;
    try {
      gameId = actions.open(id, r, job, kind);
    } catch (TransactionRevertedException e) {
      if (!rt.tx().known("open:" + id)) {
        throw e; // nothing was signed (e.g. the estimate failed): try again next loop
      }
      rt.jobs()
          .put(id, Phase.IGNORED.name(), rec.withNote("open failed: " + e.getMessage()).json());
      return;
    }
    count("tribunal_disputes_opened_total");
    LOG.info("job {}: opened game {} ({} claim)", id, gameId, kind);
    rt.jobs().put(id, Phase.PLAYING.name(), rec.withGame(gameId).json());
  }

  private void play(String id, ChallengeRecord rec, JobStatus status) {
    long gameId = rec.gameId();
    DisputeView v = actions.games().view(gameId);
    Optional<String> foreign = GameActions.notOurs(v, me, Hash32.fromHex(id));
    if (foreign.isPresent()) {
      LOG.error("job {}: not playing: {}", id, foreign.get());
      rt.jobs().put(id, Phase.IGNORED.name(), rec.withNote(foreign.get()).json());
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
      rt.jobs().put(id, Phase.COLLECTING.name(), rec.json());
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
              count("tribunal_dispute_moves_total");
              LOG.info("job {} game {}: played {} (gas {})", id, gameId, s.move(), s.gas());
            });
  }

  private ChallengerPlayer player(String id, ChallengeRecord rec) {
    DatasetSplit data = dataset(rec.request().toJobRequest(), gameThreads);
    return new ChallengerPlayer(actions.games(), honestRun.trace(id, data, gameThreads));
  }

  private void collect(String id, ChallengeRecord rec) {
    DisputeView v = actions.games().view(rec.gameId());
    players.remove(id);
    if (!v.outcome().challengerWon()) {
      count("tribunal_disputes_lost_total");
      LOG.warn(
          "job {} game {}: LOST ({}), the bond went to the solver", id, v.gameId(), v.outcome());
      rt.jobs().put(id, Phase.LOST.name(), rec.withNote(v.outcome().name()).json());
      return;
    }
    BigInteger[] got = Withdrawals.of(rt).all(id);
    count("tribunal_disputes_won_total");
    LOG.info(
        "job {} game {}: WON ({}); withdrew bounty {} and bonds {}",
        id,
        v.gameId(),
        v.outcome(),
        got[0],
        got[1]);
    rt.jobs().put(id, Phase.WON.name(), rec.withNote(v.outcome().name()).json());
  }

  /** The solver's manifest as fetched during the check (it names the model and batch/lr). */
  private Optional<io.tribunal.core.store.Manifest> solverManifest(String id) {
    Path dir = config.daemon().dataDir().resolve("jobs").resolve(id).resolve("solver");
    if (!java.nio.file.Files.isRegularFile(dir.resolve("manifest.json"))) {
      return Optional.empty();
    }
    try {
      return io.tribunal.core.store.CheckpointStore.open(dir, false).readManifest();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private DatasetSplit dataset(JobRequest r, Parallel p) {
    return datasetsByRoot.computeIfAbsent(
        r.datasetRoot().hex(),
        root -> datasets.loadVerified(r.datasetURI(), Hash32.fromHex(root), p));
  }

  @Override
  public void close() {
    running = false;
    worker.shutdownNow();
    if (gameThreads != null) {
      gameThreads.close();
    }
    if (rt != null) {
      rt.close();
    }
  }

  private void count(String name) {
    metrics.counter(name, COUNTERS.get(name)).inc();
  }
}
