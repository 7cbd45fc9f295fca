package io.tribunal.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.protocol.chain.Staking;
import io.tribunal.protocol.chain.SubmittedJobs;
import io.tribunal.protocol.daemon.DaemonRuntime;
import io.tribunal.protocol.daemon.Withdrawals;
import io.tribunal.protocol.job.DatasetSource;
import io.tribunal.protocol.job.JobStatus;
import io.tribunal.protocol.job.SignedSubmission;
import io.tribunal.protocol.metrics.Health;
import io.tribunal.protocol.metrics.Metrics;
import io.tribunal.protocol.persist.JobTable;
import io.tribunal.protocol.replay.CommitmentCheck;
import io.tribunal.protocol.replay.StepTree;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The verifier bot. Watches confirmed JobSubmitted/JobCommitted events; for each committed job
 * inside its challenge window: records the post-commit randomness if nobody has, derives its
 * sample, fetches the checkpoints it needs from the solver's registered endpoint, checks the
 * solver's manifest against the on-chain commitment and the signed request, replays each sampled
 * transition with core's Replayer, and attests when all match; a mismatch goes to {@link
 * ChallengeHandoff}. After finalization it withdraws its fee. Phases: SUBMITTED → COMMITTED →
 * ATTESTED → DONE (or MISMATCH / IGNORED).
 */
public final class VerifierDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VerifierDaemon.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TERMINAL = List.of("DONE", "MISMATCH", "IGNORED", "NOT_DRAWN");

  private final VerifierConfig config;
  private final ChallengeHandoff handoff;

  /** The counters this daemon exports (documented in docs/operators.md), declared at start. */
  private static final java.util.Map<String, String> COUNTERS =
      java.util.Map.of(
          "tribunal_attestations_total",
          "Attestations sent",
          "tribunal_mismatches_total",
          "Jobs whose replay did not match",
          "tribunal_jobs_not_drawn_total",
          "Jobs this verifier was not drawn for",
          "tribunal_check_unavailable_total",
          "Checks that could not complete (dataset, checkpoint server, RPC); retried");

  private final Metrics metrics = new Metrics("verifier");
  private final Health health;
  private volatile boolean running = true;

  /** False once the daemon was closed (or its loop ended). */
  public boolean isRunning() {
    return running;
  }

  private DaemonRuntime rt;
  private CommitmentCheck check;
  private AttesterBond bonds;
  private final CheckBackoff backoff =
      new CheckBackoff(Duration.ofSeconds(2), Duration.ofMinutes(5), System::nanoTime);
  private String me;

  public VerifierDaemon(VerifierConfig config, ChallengeHandoff handoff) {
    this.config = config;
    this.handoff = handoff;
    this.health = DaemonRuntime.health(config.daemon());
  }

  public void run() {
    start();
    rt.loop(() -> running, this::loopOnce);
  }

  void start() {
    rt = DaemonRuntime.start(config.daemon(), metrics, health);
    COUNTERS.forEach(metrics::counter);
    me = rt.address();
    double p = VerifierConfig.detectionProbability(config.assumedCheatFraction(), config.samples());
    metrics.gauge(
        "tribunal_detection_probability", "P = 1 - (1 - f)^k for the configured f and k", () -> p);
    LOG.info(
        "verifier {}: k = {} samples per job; detection probability P = 1 - (1 - {})^{} = {}",
        me,
        config.samples(),
        config.assumedCheatFraction(),
        config.samples(),
        String.format(java.util.Locale.ROOT, "%.4f", p));
    check = new CommitmentCheck(new DatasetSource(config.datasetCache()), config.threads());
    bonds = new AttesterBond(rt.contracts(), rt.reader(), rt.tx());
    rt.gaugePhases(
        List.of("SUBMITTED", "COMMITTED", "ATTESTED", "DONE", "MISMATCH", "IGNORED", "NOT_DRAWN"));
    rt.gaugeBalances(true);
    rt.releaseHeldJobs();
    rt.tx().resumePending();
    Staking.Registered reg = rt.register(config.stake(), Staking.ROLE_VERIFIER, "");
    LOG.info("verifier {}: ready (the chain shows stake {})", me, reg.activeStake());
  }

  void loopOnce() {
    rt.scanMarket("verifier-market", this::onLogs, TERMINAL, this::advance);
  }

  private void onLogs(List<Log> logs) {
    SubmittedJobs.forEach(
        logs,
        (id, r) ->
            rt.jobs().addIfAbsent(id.hex(), "SUBMITTED", json(SignedSubmission.Request.of(r))));
  }

  private void advance(JobTable.Row row) {
    String id = row.jobId();
    byte[] jobId = Bytes32.fromHex(id).bytes();
    JobMarket.JobView v =
        rt.reader().view("getJob", () -> rt.contracts().market().getJob(jobId).send());
    JobStatus status = JobStatus.of(v.status);
    switch (row.phase()) {
      case "SUBMITTED" -> {
        if (status == JobStatus.COMMITTED) {
          rt.jobs().put(id, "COMMITTED", row.data());
        } else if (status.terminal()) {
          rt.jobs().put(id, "IGNORED", row.data());
        }
      }
      case "COMMITTED" -> verifyAndAttest(id, jobId, v, status, row);
      case "ATTESTED" -> {
        if (status == JobStatus.FINALIZED) {
          Withdrawals.of(rt).market(id);
          rt.jobs().put(id, "DONE", row.data());
        } else if (status == JobStatus.CHEATED) {
          bonds.settle(id, jobId, v.commitBlock);
          rt.jobs().put(id, "DONE", row.data());
        } else if (status.terminal()) {
          rt.jobs().put(id, "DONE", row.data());
        }
      }
      default -> {}
    }
  }

  private void verifyAndAttest(
      String id, byte[] jobId, JobMarket.JobView v, JobStatus status, JobTable.Row row) {
    if (!status.terminal() && status != JobStatus.COMMITTED) {
      LOG.warn("job {}: no longer committed on-chain (reorg?); waiting for the commitment", id);
      rt.jobs().put(id, "SUBMITTED", row.data());
      return;
    }
    if (status != JobStatus.COMMITTED
        || v.attesters.stream().anyMatch(a -> a.equalsIgnoreCase(me))) {
      rt.jobs()
          .put(
              id,
              v.attesters.stream().anyMatch(a -> a.equalsIgnoreCase(me)) ? "ATTESTED" : "IGNORED",
              row.data());
      return;
    }
    if (rt.reader().now() > v.challengeDeadline.longValueExact() || v.attesters.size() >= 3) {
      rt.jobs().put(id, "IGNORED", row.data());
      return;
    }
    byte[] randomness = v.randomness;
    if (new BigInteger(1, randomness).signum() == 0) {
      long anchor =
          rt.reader()
              .view(
                  "randomnessAnchor", () -> rt.contracts().market().randomnessAnchor(jobId).send())
              .longValueExact();
      if (rt.reader().head() <= anchor) {
        return; // the anchor block is not mined yet
      }
      // keyed by the anchor: a record sent after the anchor's hash was gone only moves the anchor
      // to a future block, and the record after that one is a new transaction
      rt.tx()
          .send(
              "randomness:" + id + ":" + anchor,
              rt.contracts().marketAddress(),
              rt.contracts().market().recordRandomness(jobId).encodeFunctionCall());
      randomness =
          rt.reader()
              .view("randomnessOf", () -> rt.contracts().market().randomnessOf(jobId).send());
      if (new BigInteger(1, randomness).signum() == 0) {
        LOG.info("job {}: nobody recorded the randomness in time; its anchor moved", id);
        return;
      }
    }
    boolean drawn =
        rt.reader().view("isDrawn", () -> rt.contracts().market().isDrawn(jobId, me).send());
    if (!drawn) {
      // only the verifiers the job's randomness drew may attest (and be paid): stay idle
      count("tribunal_jobs_not_drawn_total");
      LOG.info("job {}: not drawn for one of its verifier seats; idle on this job", id);
      rt.jobs().put(id, "NOT_DRAWN", row.data());
      return;
    }
    BigInteger bond =
        rt.reader().view("attesterBond", () -> rt.contracts().market().attesterBond(jobId).send());
    BigInteger free =
        rt.reader().view("freeStakeOf", () -> rt.contracts().registry().freeStakeOf(me).send());
    if (free.compareTo(bond) < 0) {
      // the attestation would revert: say so once, instead of replaying for nothing
      LOG.warn(
          "job {}: drawn, but the free stake {} is below the attestation bond {}; not attesting"
              + " (stake more to attest such jobs)",
          id,
          free,
          bond);
      rt.jobs().put(id, "IGNORED", row.data());
      return;
    }
    if (!backoff.due(id)) {
      return;
    }
    JobRequest request = parse(row.data()).toJobRequest();
    List<Long> draws =
        SampleSelector.sample(randomness, me, v.steps.longValueExact(), config.samples());
    TreeSet<Long> sample = new TreeSet<>(draws);
    CommitmentCheck.Report report;
    try {
      report = verify(id, v, request, sample);
    } catch (RuntimeException e) {
      // e.g. the RPC node is down while reading the solver's endpoint: not the solver's doing
      report = CommitmentCheck.Report.unavailable(null, "environment: " + e.getMessage());
    }
    if (report.unavailable().isPresent()) {
      Duration wait = backoff.failed(id);
      count("tribunal_check_unavailable_total");
      LOG.warn(
          "job {}: cannot check yet, accusing nobody: {}; retrying in {} s",
          id,
          report.unavailable().get(),
          wait.toSeconds());
      return;
    }
    backoff.completed(id);
    Optional<String> problem = report.problem();
    if (problem.isPresent()) {
      count("tribunal_mismatches_total");
      handoff.mismatch(Bytes32.fromHex(id), sample.first(), problem.get());
      rt.jobs().put(id, "MISMATCH", row.data());
      return;
    }
    // the attestation commits to what was checked: each sampled transition's h_i and h_{i+1},
    // with their paths in the solver's committed step tree (only a replay knows these hashes)
    CommitmentCheck.StepTreeFetch steps =
        check.stepTree(
            endpointOf(v),
            id,
            jobDir(id),
            io.tribunal.core.commit.Hash32.fromHex(new Bytes32(v.stepRoot).hex()));
    if (steps.unavailable().isPresent()) {
      Duration wait = backoff.failed(id);
      LOG.warn(
          "job {}: cannot attest yet, accusing nobody: {}; retrying in {} s",
          id,
          steps.unavailable().get(),
          wait.toSeconds());
      return;
    }
    Optional<String> bad = steps.problem();
    StepTree tree = steps.tree().orElse(null);
    List<BigInteger> transitions = new ArrayList<>();
    List<byte[]> before = new ArrayList<>();
    List<byte[]> after = new ArrayList<>();
    List<byte[]> proofs = new ArrayList<>();
    for (long t : draws) {
      if (bad.isPresent()) {
        break;
      }
      CommitmentCheck.Replayed r = report.replayed().get(t);
      if (!tree.opens(t, r.before()) || !tree.opens(t + 1, r.after())) {
        bad =
            Optional.of(
                "the solver's step tree does not commit the replayed state hashes of transition "
                    + t);
        break;
      }
      transitions.add(BigInteger.valueOf(t));
      before.add(r.before().bytes());
      after.add(r.after().bytes());
      tree.path(t).forEach(h -> proofs.add(h.bytes()));
      tree.path(t + 1).forEach(h -> proofs.add(h.bytes()));
    }
    if (bad.isPresent()) {
      count("tribunal_mismatches_total");
      LOG.warn("job {}: not attesting: {}", id, bad.get());
      handoff.mismatch(Bytes32.fromHex(id), sample.first(), bad.get());
      rt.jobs().put(id, "MISMATCH", row.data());
      return;
    }
    rt.tx()
        .send(
            "attest:" + id,
            rt.contracts().marketAddress(),
            rt.contracts()
                .market()
                .attest(jobId, transitions, before, after, proofs)
                .encodeFunctionCall());
    count("tribunal_attestations_total");
    LOG.info(
        "job {}: replayed transitions {} — all match; attested (drawn; bond locked until the job"
            + " settles)",
        id,
        sample);
    rt.jobs().put(id, "ATTESTED", row.data());
  }

  /** What checking the sampled transitions found (matched, mismatch, or could not complete). */
  private CommitmentCheck.Report verify(
      String id, JobMarket.JobView v, JobRequest r, TreeSet<Long> sample) {
    return check.check(endpointOf(v), id, jobDir(id), v, r, sample);
  }

  private String endpointOf(JobMarket.JobView v) {
    return rt.reader()
        .view("metadataOf", () -> rt.contracts().registry().metadataOf(v.solver).send())
        .endpoint;
  }

  private Path jobDir(String id) {
    return config.daemon().dataDir().resolve("jobs").resolve(id);
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SignedSubmission.Request parse(String s) {
    try {
      return JSON.readValue(s, SignedSubmission.Request.class);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt job record", e);
    }
  }

  @Override
  public void close() {
    running = false;
    if (rt != null) {
      rt.close();
    }
  }

  private void count(String name) {
    metrics.counter(name, COUNTERS.get(name)).inc();
  }
}
