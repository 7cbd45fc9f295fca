package io.tribunal.solver.daemon;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.node.chain.Intents;
import io.tribunal.node.daemon.DaemonRuntime;
import io.tribunal.node.daemon.Withdrawals;
import io.tribunal.node.metrics.Metrics;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The COMMITTED and FINALIZED phases: answers data demands and defends games while a committed job
 * has open disputes, finalizes it once its challenge window has passed undisputed, and withdraws
 * what it paid.
 */
final class Settlement {
  // the daemon's log lines keep the daemon's logger name
  private static final Logger LOG = LoggerFactory.getLogger(SolverDaemon.class);

  static final String JOBS_PAID = "tribunal_jobs_paid_total";
  static final String JOBS_PAID_HELP = "Jobs finalized and withdrawn";

  private final DaemonRuntime rt;
  private final EngineDefence disputes;
  private final Optional<DataDemandAnswers> dataDemands;
  private final Metrics metrics;

  Settlement(
      DaemonRuntime rt,
      EngineDefence disputes,
      Optional<DataDemandAnswers> dataDemands,
      Metrics metrics) {
    this.rt = rt;
    this.disputes = disputes;
    this.dataDemands = dataDemands;
    this.metrics = metrics;
  }

  /** One step for a COMMITTED job, given its on-chain view. */
  void finalizeWhenDue(String id, byte[] jobId, JobMarket.JobView v, JobStatus status) {
    switch (status) {
      case OPEN, CLAIMED -> {
        // the commit (or the claim) was reorged out: go back; the journal re-broadcasts the same
        // signed transactions, so nothing is signed twice
        LOG.warn("job {}: {} again on-chain (reorg?); re-sending from there", id, status);
        moveTo(id, status == JobStatus.OPEN ? JobPhase.CLAIMING : JobPhase.CLAIMED);
      }
      case FINALIZED -> moveTo(id, JobPhase.FINALIZED);
      case CHEATED -> moveTo(id, JobPhase.CHEATED);
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
                  Intents.finalizeJob(id),
                  rt.contracts().marketAddress(),
                  rt.contracts().market().finalize(jobId).encodeFunctionCall());
          LOG.info("job {}: finalized", id);
          moveTo(id, JobPhase.FINALIZED);
        }
      }
      default -> {}
    }
  }

  /** The FINALIZED step: withdraws everything the job paid this solver. */
  void withdraw(String id) {
    Withdrawals.of(rt).all(id);
    moveTo(id, JobPhase.DONE);
    metrics.counter(JOBS_PAID, JOBS_PAID_HELP).inc();
  }

  private void moveTo(String id, JobPhase phase) {
    rt.jobs().put(id, phase.name(), rt.jobs().get(id).orElseThrow().data());
  }
}
