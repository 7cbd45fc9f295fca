package io.tribunal.solver.daemon;

import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.node.chain.Intents;
import io.tribunal.node.daemon.DaemonRuntime;
import io.tribunal.node.persist.JobTable;
import io.tribunal.protocol.job.DatasetSource;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NEW and CLAIMING phases: applies the {@link ClaimPolicy} to a job with the chain's facts and
 * claims it through the journal, or records why not. Also answers the relay and quote endpoints'
 * question, whether this solver would claim a job at all.
 */
final class Claims {
  // the daemon's log lines keep the daemon's logger name
  private static final Logger LOG = LoggerFactory.getLogger(SolverDaemon.class);

  private final DaemonRuntime rt;
  private final ClaimPolicy policy;
  private final DatasetSource datasets;
  private final int threads;
  private final String me;

  Claims(DaemonRuntime rt, ClaimPolicy policy, DatasetSource datasets, int threads) {
    this.rt = rt;
    this.policy = policy;
    this.datasets = datasets;
    this.threads = threads;
    this.me = rt.address();
  }

  /** One step for a job in NEW or CLAIMING, given its on-chain status. */
  void claimIfFits(
      String id,
      byte[] jobId,
      BigInteger collateral,
      JobStatus status,
      boolean mine,
      JobData data,
      JobPhase phase) {
    if (status == JobStatus.NONE) {
      return; // relayed by us, submission not mined yet (the relay marks a failed one SKIPPED)
    }
    if (mine && status != JobStatus.OPEN) {
      rt.jobs().put(id, JobPhase.CLAIMED.name(), data.json());
      return;
    }
    if (status != JobStatus.OPEN) {
      LOG.info("job {}: not claiming: it is {}", id, status);
      rt.jobs().put(id, JobPhase.SKIPPED.name(), data.withNote("not open (" + status + ")").json());
      return;
    }
    if (phase == JobPhase.NEW) {
      ClaimPolicy.Decision decision = decide(data);
      if (decision instanceof ClaimPolicy.Decision.Refuse(String reason)) {
        LOG.info("job {}: not claiming: {}", id, reason);
        rt.jobs().put(id, JobPhase.SKIPPED.name(), data.withNote(reason).json());
        return;
      }
      data = ((ClaimPolicy.Decision.Claim) decision).data();
      rt.jobs().put(id, JobPhase.CLAIMING.name(), data.json());
    }
    try {
      rt.tx()
          .send(
              Intents.claim(id),
              rt.contracts().marketAddress(),
              rt.contracts().market().claim(jobId).encodeFunctionCall());
      rt.jobs().put(id, JobPhase.CLAIMED.name(), data.json());
      LOG.info("job {}: claimed (collateral {})", id, collateral);
    } catch (TransactionRevertedException e) {
      rt.jobs()
          .put(id, JobPhase.LOST.name(), data.withNote("claim failed: " + e.getMessage()).json());
      LOG.info("job {}: claim failed: {}", id, e.getMessage());
    }
  }

  /**
   * After a restart (a new config, a dataset that came back, more collateral budget) every job
   * skipped for a local reason is decided again; those that are no longer open are skipped again by
   * the loop with the chain's reason.
   */
  void reconsiderSkipped() {
    int again = 0;
    for (JobTable.Row row : rt.jobs().inPhase(JobPhase.SKIPPED.name())) {
      JobData data = JobData.parse(row.data());
      String note = data.note() == null ? "" : data.note();
      if (note.startsWith("not open") || note.startsWith("relay rejected")) {
        continue; // the chain's verdict, not ours: nothing a restart changes
      }
      rt.jobs().put(row.jobId(), JobPhase.NEW.name(), data.withNote(null).json());
      again++;
    }
    if (again > 0) {
      LOG.info("{} job(s) skipped before this start are decided again", again);
    }
  }

  /** Why this solver would not claim the job (its claim policy), or empty if it would. */
  Optional<String> wouldRefuse(JobData data) {
    return decide(data) instanceof ClaimPolicy.Decision.Refuse(String reason)
        ? Optional.of(reason)
        : Optional.empty();
  }

  /** The policy's decision; a fact that could not be read refuses the job with its message. */
  private ClaimPolicy.Decision decide(JobData data) {
    try {
      return policy.decide(data, new ChainFacts());
    } catch (RuntimeException e) {
      return new ClaimPolicy.Decision.Refuse(String.valueOf(e.getMessage()));
    }
  }

  /** The facts as the chain and the dataset cache have them now. */
  private final class ChainFacts implements ClaimPolicy.Facts {
    @Override
    public BigInteger lockedCollateral() {
      return rt.reader()
          .view("stakeOf", () -> rt.contracts().registry().stakeOf(me).send().component2());
    }

    @Override
    public long now() {
      return rt.reader().now();
    }

    @Override
    public long trainSize(JobRequest r) {
      try (Parallel p = Parallel.of(threads)) {
        return datasets
            .loadVerified(r.datasetURI(), Hash32.fromHex(r.datasetRoot().hex()), p)
            .train()
            .size();
      }
    }
  }
}
