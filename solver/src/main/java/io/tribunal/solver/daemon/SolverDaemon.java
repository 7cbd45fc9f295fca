package io.tribunal.solver.daemon;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.DatasetException;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.protocol.chain.Staking;
import io.tribunal.protocol.daemon.DaemonRuntime;
import io.tribunal.protocol.daemon.Withdrawals;
import io.tribunal.protocol.dispute.DisputeChain;
import io.tribunal.protocol.dispute.LocalTrace;
import io.tribunal.protocol.dispute.TraceSource;
import io.tribunal.protocol.job.DatasetSource;
import io.tribunal.protocol.job.JobHashes;
import io.tribunal.protocol.job.JobStatus;
import io.tribunal.protocol.job.SignedSubmission;
import io.tribunal.protocol.metrics.Health;
import io.tribunal.protocol.metrics.Metrics;
import io.tribunal.protocol.persist.JobTable;
import io.tribunal.protocol.replay.StepTree;
import io.tribunal.solver.checkpoints.CheckpointServer;
import io.tribunal.solver.checkpoints.JobFiles;
import io.tribunal.solver.daemon.cheat.CheatingTraining;
import io.tribunal.solver.inference.InferenceNode;
import io.tribunal.solver.inference.SettlementPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The staking client. Each loop: read confirmed JobSubmitted events into the state DB, then move
 * every live job one step along NEW → CLAIMING → CLAIMED → COMMITTED → FINALIZED → DONE, always
 * reading the job's on-chain state first (the chain is the source of truth; the DB only remembers
 * local progress), and sending every transaction through the intent journal. Training runs on a
 * worker thread so the loop (and the HTTP server) stay responsive.
 */
public final class SolverDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SolverDaemon.class);

  /** Local job phases; DONE, SKIPPED, LOST and CHEATED are terminal. */
  public enum Phase {
    NEW,
    CLAIMING,
    CLAIMED,
    COMMITTED,
    FINALIZED,
    DONE,
    SKIPPED,
    LOST,
    CHEATED
  }

  private static final List<String> TERMINAL =
      List.of(Phase.DONE.name(), Phase.SKIPPED.name(), Phase.LOST.name(), Phase.CHEATED.name());

  private final SolverConfig config;
  private static final String JOBS_COMMITTED = "tribunal_jobs_committed_total";
  private static final String JOBS_COMMITTED_HELP = "Jobs committed";
  private static final String JOBS_PAID = "tribunal_jobs_paid_total";
  private static final String JOBS_PAID_HELP = "Jobs finalized and withdrawn";
  private final Metrics metrics = new Metrics("solver");
  private final Health health;
  private final ExecutorService trainer =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("trainer").factory());
  private final Map<String, Future<JobTraining.Commitment>> training = new ConcurrentHashMap<>();
  private final JobTraining jobTraining;
  private DisputeHandler disputes;
  private java.util.Optional<DataDemandAnswers> dataDemands = java.util.Optional.empty();
  private Parallel disputeThreads;
  private volatile boolean running = true;

  /** False once the daemon was closed (or its loop ended). */
  public boolean isRunning() {
    return running;
  }

  private DaemonRuntime rt;
  private JobFiles files;
  private DatasetSource datasets;
  private CheckpointServer http;
  private InferenceNode inference;
  private String me;

  /** A daemon that defends disputes with the dispute engine. */
  public SolverDaemon(SolverConfig config) {
    this(config, null);
  }

  /** A daemon with another dispute handler (tests); {@code null} = the dispute engine. */
  public SolverDaemon(SolverConfig config, DisputeHandler disputes) {
    this.config = config;
    this.disputes = disputes;
    this.health = DaemonRuntime.health(config.daemon());
    this.jobTraining =
        config.cheat().<JobTraining>map(CheatingTraining::new).orElseGet(HonestTraining::new);
  }

  /** Starts everything and runs the loop until {@link #close()}. */
  public void run() {
    start();
    rt.loop(() -> running, this::loopOnce);
  }

  void start() {
    rt = DaemonRuntime.start(config.daemon(), metrics, health);
    metrics.counter(JOBS_COMMITTED, JOBS_COMMITTED_HELP);
    metrics.counter(JOBS_PAID, JOBS_PAID_HELP);
    ProgressLog.stepGauge(metrics);
    ProgressLog.stepSeconds(metrics);
    me = rt.address();
    Deployment deployment = config.daemon().deployment();
    files = new JobFiles(config.daemon().dataDir().resolve("jobs"), this::servable);
    datasets = new DatasetSource(config.datasetCache());
    disputeThreads = Parallel.of(config.training().threads());
    if (disputes == null) {
      disputes =
          new EngineDefence(
              DisputeChain.readOnly(rt.chain(), deployment),
              rt.reader(),
              rt.tx(),
              this::committedTrace);
    }
    dataDemands =
        io.tribunal.protocol.da.DataChain.of(rt.chain(), deployment)
            .map(
                d ->
                    new DataDemandAnswers(
                        d, rt.reader(), rt.tx(), this::committedTrace, config.dataBlobs()));
    http =
        CheckpointServer.start(
            config.http().host(),
            config.http().port(),
            files,
            config.relay()
                ? Optional.of(
                    new RelayService(
                        rt.contracts(), rt.reader(), rt.tx(), rt.jobs(), this::wouldRefuse))
                : Optional.empty(),
            Optional.of(
                new QuoteService(
                    rt.chain().chainId(), rt.contracts().marketAddress(), this::wouldRefuse)));
    String endpoint =
        config.http().publicUrl().isEmpty()
            ? "http://" + config.http().host() + ":" + http.port()
            : config.http().publicUrl();
    if (config.inference().enabled()) {
      inference = startInference(rt.credentials(), deployment);
    }
    LOG.info(
        "solver {}: serving checkpoints{}{} at {}",
        me,
        config.relay() ? ", relay" : "",
        inference != null ? ", paid inference" : "",
        endpoint);
    rt.gaugePhases(java.util.Arrays.stream(Phase.values()).map(Phase::name).toList());
    rt.gaugeBalances(true);
    rt.releaseHeldJobs();
    reconsiderSkipped();
    rt.tx().resumePending();
    Staking.Registered reg = rt.register(config.stake(), Staking.ROLE_SOLVER, endpoint);
    LOG.info(
        "solver {}: ready (the chain shows stake {} and endpoint {})",
        me,
        reg.activeStake(),
        reg.endpoint());
  }

  /** Paid inference for this solver's finalized models on its own HTTP server and key. */
  private InferenceNode startInference(Credentials creds, Deployment deployment) {
    SolverConfig.Inference c = config.inference();
    Path jobsDir = config.daemon().dataDir().resolve("jobs");
    try {
      Files.createDirectories(jobsDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + jobsDir, e);
    }
    return InferenceNode.embedded(
        new InferenceNode.Config(
            deployment,
            creds,
            jobsDir,
            config.daemon().dataDir().resolve("inference"),
            null,
            c.pricePerMop(),
            c.safetyMarginSeconds(),
            new SettlementPolicy(
                c.claimThreshold(), c.claimInterval(), c.closeMarginSeconds(), c.tick()),
            config.daemon().confirmations(),
            List.of(),
            () -> {}),
        rt.chain(),
        http.httpServer(),
        rt.tx(),
        metrics);
  }

  void loopOnce() {
    rt.scanMarket("solver-market", this::onLogs, TERMINAL, this::advance);
  }

  private void onLogs(List<Log> logs) {
    for (Log log : logs) {
      if (!log.getTopics().isEmpty()
          && log.getTopics()
              .get(0)
              .equals(org.web3j.abi.EventEncoder.encode(JobMarket.JOBSUBMITTED_EVENT))) {
        var e = JobMarket.getJobSubmittedEventFromLog(log);
        JobRequest r = JobRequest.fromWrapper(e.request);
        String id = new Bytes32(e.jobId).hex();
        if (rt.jobs()
            .addIfAbsent(id, Phase.NEW.name(), new JobData(toWire(r), null, null).json())) {
          LOG.info(
              "job {} submitted: {} steps for {} (collateral {})",
              id,
              r.steps(),
              r.price(),
              r.collateral());
        }
      }
    }
  }

  private void advance(JobTable.Row row) {
    String id = row.jobId();
    byte[] jobId = Bytes32.fromHex(id).bytes();
    JobMarket.JobView v =
        rt.reader().view("getJob", () -> rt.contracts().market().getJob(jobId).send());
    JobStatus status = JobStatus.of(v.status);
    boolean mine = v.solver.equalsIgnoreCase(me);
    JobData data = JobData.parse(row.data());
    switch (Phase.valueOf(row.phase())) {
      case NEW, CLAIMING -> claimIfFits(id, jobId, v, status, mine, data, row.phase());
      case CLAIMED -> trainAndCommit(id, jobId, v, status, mine, data);
      case COMMITTED -> finalizeWhenDue(id, jobId, v, status);
      case FINALIZED -> withdraw(id);
      default -> {}
    }
  }

  private void claimIfFits(
      String id,
      byte[] jobId,
      JobMarket.JobView v,
      JobStatus status,
      boolean mine,
      JobData data,
      String phase) {
    if (status == JobStatus.NONE) {
      return; // relayed by us, submission not mined yet (the relay marks a failed one SKIPPED)
    }
    if (mine && status != JobStatus.OPEN) {
      rt.jobs().put(id, Phase.CLAIMED.name(), data.json());
      return;
    }
    if (status != JobStatus.OPEN) {
      LOG.info("job {}: not claiming: it is {}", id, status);
      rt.jobs().put(id, Phase.SKIPPED.name(), data.withNote("not open (" + status + ")").json());
      return;
    }
    if (phase.equals(Phase.NEW.name())) {
      Optional<String> reason = Optional.empty();
      JobData decided = data;
      try {
        decided = decide(data);
      } catch (RuntimeException e) {
        reason = Optional.of(e.getMessage());
      }
      if (reason.isPresent()) {
        LOG.info("job {}: not claiming: {}", id, reason.get());
        rt.jobs().put(id, Phase.SKIPPED.name(), data.withNote(reason.get()).json());
        return;
      }
      data = decided;
      rt.jobs().put(id, Phase.CLAIMING.name(), data.json());
    }
    try {
      rt.tx()
          .send(
              "claim:" + id,
              rt.contracts().marketAddress(),
              rt.contracts().market().claim(jobId).encodeFunctionCall());
      rt.jobs().put(id, Phase.CLAIMED.name(), data.json());
      LOG.info("job {}: claimed (collateral {})", id, v.collateral);
    } catch (TransactionRevertedException e) {
      rt.jobs().put(id, Phase.LOST.name(), data.withNote("claim failed: " + e.getMessage()).json());
      LOG.info("job {}: claim failed: {}", id, e.getMessage());
    }
  }

  /**
   * After a restart (a new config, a dataset that came back, more collateral budget) every job
   * skipped for a local reason is decided again; those that are no longer open are skipped again by
   * the loop with the chain's reason.
   */
  private void reconsiderSkipped() {
    int again = 0;
    for (JobTable.Row row : rt.jobs().inPhase(Phase.SKIPPED.name())) {
      JobData data = JobData.parse(row.data());
      String note = data.note() == null ? "" : data.note();
      if (note.startsWith("not open") || note.startsWith("relay rejected")) {
        continue; // the chain's verdict, not ours: nothing a restart changes
      }
      rt.jobs().put(row.jobId(), Phase.NEW.name(), data.withNote(null).json());
      again++;
    }
    if (again > 0) {
      LOG.info("{} job(s) skipped before this start are decided again", again);
    }
  }

  /** Why this solver would not claim the job (its claim policy), or empty if it would. */
  private Optional<String> wouldRefuse(JobData data) {
    try {
      decide(data);
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
  }

  /** Policy, deadline, dataset root and hyper-parameters; throws with the reason to skip. */
  private JobData decide(JobData data) {
    JobRequest r = fromWire(data.request());
    if (r.price().compareTo(config.policy().minPrice()) < 0) {
      throw new IllegalStateException("price " + r.price() + " below minPrice");
    }
    BigInteger locked =
        rt.reader()
            .view("stakeOf", () -> rt.contracts().registry().stakeOf(me).send().component2());
    if (locked.add(r.collateral()).compareTo(config.policy().collateralBudget()) > 0) {
      throw new IllegalStateException(
          "collateral " + r.collateral() + " exceeds the remaining budget");
    }
    if (r.claimDeadline().longValueExact() <= rt.reader().now()) {
      throw new IllegalStateException("claim deadline passed");
    }
    MlpSpec spec = specOf(r);
    if (parameters(spec) > config.policy().maxParameters()) {
      throw new IllegalStateException("model " + spec + " exceeds maxParameters");
    }
    DatasetSplit split;
    try (Parallel p = Parallel.of(config.training().threads())) {
      split = datasets.loadVerified(r.datasetURI(), Hash32.fromHex(r.datasetRoot().hex()), p);
    } catch (DatasetException e) {
      throw new IllegalStateException(e.getMessage());
    }
    Optional<JobHashes.HyperParams> hp =
        data.hyperParams().filter(h -> h.hash().equals(r.hyperParamsHash()));
    if (hp.isEmpty()) {
      hp =
          config.offers().stream()
              .map(o -> JobHashes.HyperParams.of(o.batch(), o.learningRate(), split.train().size()))
              .filter(h -> h.hash().equals(r.hyperParamsHash()))
              .findFirst();
    }
    if (hp.isEmpty() || hp.get().datasetSize() != split.train().size()) {
      throw new IllegalStateException(
          "unknown hyper-parameters (hash " + r.hyperParamsHash() + ")");
    }
    long need =
        CommitTime.seconds(spec, r.steps(), hp.get().batch(), config.policy().trainingThroughput());
    long left = r.commitDeadline().longValueExact() - rt.reader().now();
    if (need > left) {
      throw new IllegalStateException(
          "cannot finish by the commit deadline: training needs ~"
              + need
              + " s at policy.trainingThroughput = "
              + config.policy().trainingThroughput()
              + " MAC/s, "
              + left
              + " s are left");
    }
    return data.withHyper(hp.get());
  }

  private void trainAndCommit(
      String id, byte[] jobId, JobMarket.JobView v, JobStatus status, boolean mine, JobData data) {
    if (status == JobStatus.OPEN) {
      // our claim was reorged out: claim again (the journal re-broadcasts the same transaction)
      LOG.warn("job {}: open again on-chain (reorg?); re-sending the claim", id);
      rt.jobs().put(id, Phase.CLAIMING.name(), data.json());
      return;
    }
    if (!mine) {
      rt.jobs().put(id, Phase.LOST.name(), data.json());
      return;
    }
    if (status == JobStatus.COMMITTED || status.terminal()) {
      rt.jobs().put(id, Phase.COMMITTED.name(), data.json());
      return;
    }
    if (status != JobStatus.CLAIMED) {
      return;
    }
    Future<JobTraining.Commitment> f =
        training.computeIfAbsent(id, k -> trainer.submit(() -> train(id, data)));
    if (!f.isDone()) {
      return;
    }
    training.remove(id);
    JobTraining.Commitment c;
    try {
      c = f.get();
    } catch (Exception e) {
      LOG.warn("job {}: training failed: {}", id, e.getMessage());
      return;
    }
    LOG.info(
        "job {}: committing trace root {} (n={}, K={}), model {}, held-out {}/{}",
        id,
        c.traceRoot(),
        c.steps(),
        c.interval(),
        c.finalModelHash(),
        c.heldOutCorrect(),
        c.heldOutTotal());
    rt.tx()
        .send(
            "commit:" + id,
            rt.contracts().marketAddress(),
            rt.contracts()
                .market()
                .commit(
                    jobId,
                    c.traceRoot().bytes(),
                    BigInteger.valueOf(c.steps()),
                    BigInteger.valueOf(c.interval()),
                    c.finalModelHash().bytes(),
                    StepTree.read(stepsFile(id)).root().bytes())
                .encodeFunctionCall());
    rt.jobs().put(id, Phase.COMMITTED.name(), data.json());
    metrics.counter(JOBS_COMMITTED, JOBS_COMMITTED_HELP).inc();
  }

  private JobTraining.Commitment train(String id, JobData data) {
    JobRequest r = fromWire(data.request());
    try (Parallel p = Parallel.of(config.training().threads())) {
      DatasetSplit split =
          datasets.loadVerified(r.datasetURI(), Hash32.fromHex(r.datasetRoot().hex()), p);
      CheckpointStore store = CheckpointStore.open(files.dirOf(id), config.training().fsync());
      JobTraining.Commitment c =
          jobTraining.train(
              trainingConfig(r, data),
              split,
              store,
              p,
              new ProgressLog(id, config.training().progressEvery(), metrics));
      writeStepTree(id, data, store, split, p, c.steps());
      return c;
    }
  }

  /**
   * The step tree this solver commits and serves ({@code steps.json}, written before the commit and
   * kept across restarts): every per-step trace leaf of the committed run, recomputed from the
   * checkpoints (a cheat's from its own run).
   */
  private void writeStepTree(
      String id, JobData data, CheckpointStore store, DatasetSplit split, Parallel p, long n) {
    Path file = stepsFile(id);
    if (Files.exists(file)) {
      try {
        StepTree.read(file);
        return;
      } catch (IllegalArgumentException e) {
        LOG.warn("job {}: {} unreadable, recomputing it: {}", id, file, e.getMessage());
      }
    }
    StepTree.of(traceOf(data, store, split, p).stepLeaves(0, n)).write(file);
  }

  private Path stepsFile(String id) {
    return files.dirOf(id).resolve("steps.json");
  }

  /** The run the solver trains for a job (K = the configured interval, at most n). */
  private TrainingConfig trainingConfig(JobRequest r, JobData data) {
    JobHashes.HyperParams hp = data.hyperParams().orElseThrow();
    long k = Math.min(config.training().checkpointInterval(), r.steps().longValueExact());
    return new TrainingConfig(
        specOf(r),
        r.datasetURI(),
        Hash32.fromHex(r.datasetRoot().hex()),
        r.seed().longValueExact(),
        hp.batch(),
        hp.learningRate(),
        r.steps().longValueExact(),
        k);
  }

  private void finalizeWhenDue(String id, byte[] jobId, JobMarket.JobView v, JobStatus status) {
    switch (status) {
      case OPEN, CLAIMED -> {
        // the commit (or the claim) was reorged out: go back; the journal re-broadcasts the same
        // signed transactions, so nothing is signed twice
        LOG.warn("job {}: {} again on-chain (reorg?); re-sending from there", id, status);
        rt.jobs()
            .put(
                id,
                (status == JobStatus.OPEN ? Phase.CLAIMING : Phase.CLAIMED).name(),
                rt.jobs().get(id).orElseThrow().data());
      }
      case FINALIZED ->
          rt.jobs().put(id, Phase.FINALIZED.name(), rt.jobs().get(id).orElseThrow().data());
      case CHEATED ->
          rt.jobs().put(id, Phase.CHEATED.name(), rt.jobs().get(id).orElseThrow().data());
      case COMMITTED -> {
        BigInteger open = v.openDisputes;
        if (open.signum() > 0) {
          // a data demand freezes the job like a game: answer it, then defend any games
          dataDemands.ifPresent(d -> d.answer(id));
          disputes.onOpenDisputes(
              Bytes32.fromHex(id), open.min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue());
        } else if (rt.reader().now() > v.challengeDeadline.longValueExact()) {
          rt.settlementPause().awaitEnd();
          rt.tx()
              .send(
                  "finalize:" + id,
                  rt.contracts().marketAddress(),
                  rt.contracts().market().finalize(jobId).encodeFunctionCall());
          LOG.info("job {}: finalized", id);
          rt.jobs().put(id, Phase.FINALIZED.name(), rt.jobs().get(id).orElseThrow().data());
        }
      }
      default -> {}
    }
  }

  private void withdraw(String id) {
    Withdrawals.of(rt).all(id);
    rt.jobs().put(id, Phase.DONE.name(), rt.jobs().get(id).orElseThrow().data());
    metrics.counter(JOBS_PAID, JOBS_PAID_HELP).inc();
  }

  /**
   * What this solver committed for a job: its checkpoints, recomputed inside intervals (a cheat
   * configured for demos and tests recomputes its own dishonest run instead).
   */
  private TraceSource committedTrace(String id) {
    JobData data = JobData.parse(rt.jobs().get(id).orElseThrow().data());
    JobRequest r = fromWire(data.request());
    DatasetSplit split =
        datasets.loadVerified(
            r.datasetURI(), Hash32.fromHex(r.datasetRoot().hex()), disputeThreads);
    return traceOf(data, CheckpointStore.open(files.dirOf(id), false), split, disputeThreads);
  }

  /** The run this solver committed: its checkpoints, or a configured cheat's own run. */
  private TraceSource traceOf(
      JobData data, CheckpointStore store, DatasetSplit split, Parallel parallel) {
    if (jobTraining instanceof CheatingTraining cheat) {
      return cheat.trace(trainingConfig(fromWire(data.request()), data), split.train(), parallel);
    }
    return LocalTrace.fromStore(store, split.train(), parallel);
  }

  private boolean servable(String jobId) {
    return rt.jobs()
        .get(jobId)
        .map(
            r ->
                !r.phase().equals(Phase.NEW.name())
                    && !r.phase().equals(Phase.SKIPPED.name())
                    && !r.phase().equals(Phase.LOST.name())
                    && !r.phase().equals(Phase.CLAIMING.name()))
        .orElse(false);
  }

  /** The offered model whose spec hashes to the request's modelSpecHash. */
  private MlpSpec specOf(JobRequest r) {
    for (String candidate : config.models()) {
      if (JobHashes.modelSpecHash(MlpSpec.parse(candidate)).equals(r.modelSpecHash())) {
        return MlpSpec.parse(candidate);
      }
    }
    throw new IllegalStateException("unknown model spec hash " + r.modelSpecHash());
  }

  static long parameters(MlpSpec spec) {
    long n = 0;
    for (int l = 1; l < spec.widths().size(); l++) {
      n += (long) spec.widths().get(l) * (spec.widths().get(l - 1) + 1);
    }
    return n;
  }

  static SignedSubmission.Request toWire(JobRequest r) {
    return SignedSubmission.Request.of(r);
  }

  static JobRequest fromWire(SignedSubmission.Request w) {
    return w.toJobRequest();
  }

  @Override
  public void close() {
    running = false;
    trainer.shutdownNow();
    if (inference != null) {
      inference.close();
    }
    if (disputes != null) {
      disputes.close();
    }
    if (disputeThreads != null) {
      disputeThreads.close();
    }
    if (http != null) {
      http.close();
    }
    if (rt != null) {
      rt.close();
    }
  }
}
