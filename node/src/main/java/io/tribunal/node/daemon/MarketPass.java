package io.tribunal.node.daemon;

import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.node.chain.EventScanner;
import io.tribunal.node.chain.IntentOnHoldException;
import io.tribunal.node.chain.TxPendingException;
import io.tribunal.node.persist.JobTable;
import io.tribunal.node.persist.StateDb;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of a daemon's job loop over JobMarket: new confirmed logs (from the cursor kept in the
 * state DB) go to the role's intake, then every job not in a terminal phase to the role's advance.
 * A job whose transaction the chain refuses is logged and tried again next pass; one whose action
 * gave up after its retries is held for an operator.
 */
final class MarketPass {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonRuntime.class);

  private final DaemonRuntime rt;
  private final String cursor;

  MarketPass(DaemonRuntime rt, String cursor) {
    this.rt = rt;
    this.cursor = cursor;
  }

  /**
   * One pass over JobMarket: new confirmed logs go to {@code onLogs} (cursor {@code cursor} in the
   * state DB), then every job not in a {@code terminal} phase to {@code advance}; a job whose
   * transaction the chain refuses is logged and tried again next pass.
   */
  void run(EventScanner.Handler onLogs, List<String> terminal, Consumer<JobTable.Row> advance) {
    EventScanner scanner =
        new EventScanner(
            cursor,
            rt.reader(),
            rt.db().cursors(),
            List.of(rt.contracts().marketAddress()),
            rt.contracts().marketBlock(),
            rt.config().confirmations());
    rt.health().chainOk(scanner.poll(onLogs));
    for (JobTable.Row row : rt.db().jobs().active(terminal)) {
      try {
        advance.accept(row);
      } catch (TransactionRevertedException e) {
        LOG.warn("job {}: {}", row.jobId(), e.getMessage());
      } catch (TxPendingException e) {
        LOG.info("job {}: waiting: {}", row.jobId(), e.getMessage());
      } catch (SettlementPause.Paused e) {
        LOG.debug("job {}: {}", row.jobId(), e.getMessage());
      } catch (IntentOnHoldException e) {
        if (e.gaveUp()) {
          holdForOperator(row.jobId(), e);
        } else {
          LOG.debug("job {}: {}", row.jobId(), e.getMessage());
        }
      }
    }
  }

  /** A job whose transaction gave up: out of the loop, counted, and said once in the log. */
  private void holdForOperator(String jobId, IntentOnHoldException e) {
    rt.db().jobs().holdForOperator(jobId);
    rt.metrics().counter(DaemonRuntime.INTENTS_GAVE_UP, DaemonRuntime.INTENTS_GAVE_UP_HELP).inc();
    LOG.error(
        "job {}: needs an operator: {}; it is now {} (fix the cause, then restart the daemon"
            + " to retry it)",
        jobId,
        e.getMessage(),
        JobTable.ATTENTION);
  }

  /**
   * At start: jobs an earlier run put on hold resume in the phase they were held in, and every
   * action gets a fresh retry budget (the operator restarted the daemon after fixing the cause).
   */
  static void releaseHeldJobs(StateDb db) {
    int released = db.jobs().releaseHeld();
    db.intentRetries().clearAll();
    if (released > 0) {
      LOG.info("{} job(s) held for an operator are retried", released);
    }
  }
}
