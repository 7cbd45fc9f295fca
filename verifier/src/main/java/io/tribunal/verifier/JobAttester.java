package io.tribunal.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.node.daemon.DaemonRuntime;
import io.tribunal.node.persist.JobTable;
import io.tribunal.protocol.job.DatasetSource;
import io.tribunal.protocol.job.JobStatus;
import io.tribunal.protocol.job.SignedSubmission;
import io.tribunal.protocol.replay.CommitmentCheck;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifier's work on one committed job: make sure the seat randomness exists, stay idle unless
 * drawn, check the free stake covers the bond, replay the sampled transitions, and attest with a
 * step-tree proof when all match; a mismatch goes to the {@link ChallengeHandoff}. A check that
 * cannot complete (dataset, checkpoint server, RPC) accuses nobody and is retried with backoff.
 */
final class JobAttester {
  private static final Logger LOG = LoggerFactory.getLogger(VerifierDaemon.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final VerifierConfig config;
  private final DaemonRuntime rt;
  private final ChallengeHandoff handoff;
  private final Consumer<String> count;
  private final CommitmentCheck check;
  private final MarketRandomness seatRandomness;
  private final CheckBackoff backoff =
      new CheckBackoff(Duration.ofSeconds(2), Duration.ofMinutes(5), System::nanoTime);
  private final String me;

  JobAttester(
      VerifierConfig config, DaemonRuntime rt, ChallengeHandoff handoff, Consumer<String> count) {
    this.config = config;
    this.rt = rt;
    this.handoff = handoff;
    this.count = count;
    this.check = new CommitmentCheck(new DatasetSource(config.datasetCache()), config.threads());
    this.seatRandomness = new MarketRandomness(rt);
    this.me = rt.address();
  }

  void verifyAndAttest(
      String id, byte[] jobId, JobMarket.JobView v, JobStatus status, JobTable.Row row) {
    if (!status.terminal() && status != JobStatus.COMMITTED) {
      LOG.warn("job {}: no longer committed on-chain (reorg?); waiting for the commitment", id);
      rt.jobs().put(id, VerifierDaemon.Phase.SUBMITTED.name(), row.data());
      return;
    }
    if (status != JobStatus.COMMITTED
        || v.attesters.stream().anyMatch(a -> a.equalsIgnoreCase(me))) {
      rt.jobs()
          .put(
              id,
              v.attesters.stream().anyMatch(a -> a.equalsIgnoreCase(me))
                  ? VerifierDaemon.Phase.ATTESTED.name()
                  : VerifierDaemon.Phase.IGNORED.name(),
              row.data());
      return;
    }
    if (rt.reader().now() > v.challengeDeadline.longValueExact() || v.attesters.size() >= 3) {
      rt.jobs().put(id, VerifierDaemon.Phase.IGNORED.name(), row.data());
      return;
    }
    Optional<byte[]> recorded = seatRandomness.ensure(id, jobId, v.randomness);
    if (recorded.isEmpty()) {
      return;
    }
    byte[] randomness = recorded.get();
    boolean drawn =
        rt.reader().view("isDrawn", () -> rt.contracts().market().isDrawn(jobId, me).send());
    if (!drawn) {
      // only the verifiers the job's randomness drew may attest (and be paid): stay idle
      count.accept("tribunal_jobs_not_drawn_total");
      LOG.info("job {}: not drawn for one of its verifier seats; idle on this job", id);
      rt.jobs().put(id, VerifierDaemon.Phase.NOT_DRAWN.name(), row.data());
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
      rt.jobs().put(id, VerifierDaemon.Phase.IGNORED.name(), row.data());
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
      count.accept("tribunal_check_unavailable_total");
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
      count.accept("tribunal_mismatches_total");
      handoff.mismatch(Bytes32.fromHex(id), sample.first(), problem.get());
      rt.jobs().put(id, VerifierDaemon.Phase.MISMATCH.name(), row.data());
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
    AttestationProof proof = AttestationProof.of(draws, report, steps);
    Optional<String> bad = proof.problem();
    if (bad.isPresent()) {
      count.accept("tribunal_mismatches_total");
      LOG.warn("job {}: not attesting: {}", id, bad.get());
      handoff.mismatch(Bytes32.fromHex(id), sample.first(), bad.get());
      rt.jobs().put(id, VerifierDaemon.Phase.MISMATCH.name(), row.data());
      return;
    }
    rt.tx()
        .send(
            io.tribunal.node.chain.Intents.attest(id),
            rt.contracts().marketAddress(),
            rt.contracts()
                .market()
                .attest(jobId, proof.transitions(), proof.before(), proof.after(), proof.proofs())
                .encodeFunctionCall());
    count.accept("tribunal_attestations_total");
    LOG.info(
        "job {}: replayed transitions {} — all match; attested (drawn; bond locked until the job"
            + " settles)",
        id,
        sample);
    rt.jobs().put(id, VerifierDaemon.Phase.ATTESTED.name(), row.data());
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

  private static SignedSubmission.Request parse(String s) {
    try {
      return JSON.readValue(s, SignedSubmission.Request.class);
    } catch (IOException e) {
      throw new IllegalStateException("corrupt job record", e);
    }
  }
}
