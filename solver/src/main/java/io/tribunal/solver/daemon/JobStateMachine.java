package io.tribunal.solver.daemon;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.node.chain.Intents;
import io.tribunal.node.daemon.DaemonRuntime;
import io.tribunal.node.metrics.Metrics;
import io.tribunal.node.persist.JobTable;
import io.tribunal.protocol.chain.SubmittedJobs;
import io.tribunal.protocol.job.JobStatus;
import io.tribunal.protocol.job.SignedSubmission;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Moves every live job one step along its {@link JobPhase}s per loop, always reading the job's
 * on-chain state first (the chain is the source of truth; the DB only remembers local progress):
 * claiming is {@link Claims}' step, training and committing are here, disputes and payment are
 * {@link Settlement}'s. Every transaction goes through the intent journal, so a step may be
 * repeated after a restart or a reorg without signing anything twice.
 */
final class JobStateMachine {
  // the daemon's log lines keep the daemon's logger name
  private static final Logger LOG = LoggerFactory.getLogger(SolverDaemon.class);

  static final String JOBS_COMMITTED = "tribunal_jobs_committed_total";
  static final String JOBS_COMMITTED_HELP = "Jobs committed";

  private final DaemonRuntime rt;
  private final Claims claims;
  private final JobTrainer trainer;
  private final Settlement settlement;
  private final Metrics metrics;
  private final String me;

  JobStateMachine(
      DaemonRuntime rt, Claims claims, JobTrainer trainer, Settlement settlement, Metrics metrics) {
    this.rt = rt;
    this.claims = claims;
    this.trainer = trainer;
    this.settlement = settlement;
    this.metrics = metrics;
    this.me = rt.address();
  }

  /** Records the jobs submitted in {@code logs} (confirmed JobMarket logs) as NEW. */
  void onLogs(List<Log> logs) {
    SubmittedJobs.forEach(logs, this::onSubmitted);
  }

  private void onSubmitted(Bytes32 jobId, JobRequest r) {
    String id = jobId.hex();
    JobData data = new JobData(SignedSubmission.Request.of(r), null, null);
    if (rt.jobs().addIfAbsent(id, JobPhase.NEW.name(), data.json())) {
      LOG.info(
          "job {} submitted: {} steps for {} (collateral {})",
          id,
          r.steps(),
          r.price(),
          r.collateral());
    }
  }

  /** One step for a job that is not in a terminal phase. */
  void advance(JobTable.Row row) {
    String id = row.jobId();
    byte[] jobId = Bytes32.fromHex(id).bytes();
    JobMarket.JobView v =
        rt.reader().view("getJob", () -> rt.contracts().market().getJob(jobId).send());
    JobStatus status = JobStatus.of(v.status);
    boolean mine = v.solver.equalsIgnoreCase(me);
    JobData data = JobData.parse(row.data());
    JobPhase phase = JobPhase.valueOf(row.phase());
    switch (phase) {
      case NEW, CLAIMING -> claims.claimIfFits(id, jobId, v.collateral, status, mine, data, phase);
      case CLAIMED -> trainAndCommit(id, jobId, status, mine, data);
      case COMMITTED -> settlement.finalizeWhenDue(id, jobId, v, status);
      case FINALIZED -> settlement.withdraw(id);
      default -> {}
    }
  }

  private void trainAndCommit(
      String id, byte[] jobId, JobStatus status, boolean mine, JobData data) {
    if (status == JobStatus.OPEN) {
      // our claim was reorged out: claim again (the journal re-broadcasts the same transaction)
      LOG.warn("job {}: open again on-chain (reorg?); re-sending the claim", id);
      rt.jobs().put(id, JobPhase.CLAIMING.name(), data.json());
      return;
    }
    if (!mine) {
      rt.jobs().put(id, JobPhase.LOST.name(), data.json());
      return;
    }
    if (status == JobStatus.COMMITTED || status.terminal()) {
      rt.jobs().put(id, JobPhase.COMMITTED.name(), data.json());
      return;
    }
    if (status != JobStatus.CLAIMED) {
      return;
    }
    Optional<JobTraining.Commitment> done = trainer.commitment(id, data);
    if (done.isEmpty()) {
      return;
    }
    JobTraining.Commitment c = done.get();
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
            Intents.commit(id),
            rt.contracts().marketAddress(),
            rt.contracts()
                .market()
                .commit(
                    jobId,
                    c.traceRoot().bytes(),
                    BigInteger.valueOf(c.steps()),
                    BigInteger.valueOf(c.interval()),
                    c.finalModelHash().bytes(),
                    trainer.stepRoot(id).bytes())
                .encodeFunctionCall());
    rt.jobs().put(id, JobPhase.COMMITTED.name(), data.json());
    metrics.counter(JOBS_COMMITTED, JOBS_COMMITTED_HELP).inc();
  }
}
