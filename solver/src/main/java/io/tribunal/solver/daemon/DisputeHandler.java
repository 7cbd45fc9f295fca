package io.tribunal.solver.daemon;

import io.tribunal.bindings.eip712.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seam to the dispute engine: the solver daemon calls it on every loop for each committed job
 * that has open disputes, until they close. The default only logs; the dispute engine's defender
 * replaces it (it must be idempotent and resumable, like everything the daemon calls).
 */
public interface DisputeHandler extends AutoCloseable {
  /**
   * Called on every loop while the job has open games; must return promptly (a handler that plays
   * games in the background skips those still in flight) and never block the daemon's loop.
   */
  void onOpenDisputes(Bytes32 jobId, int openDisputes);

  /** Stops whatever the handler runs in the background (called when the daemon closes). */
  @Override
  default void close() {}

  /** Logs and does nothing (no dispute engine wired yet). */
  DisputeHandler LOGGING =
      new DisputeHandler() {
        private final Logger log = LoggerFactory.getLogger(DisputeHandler.class);

        @Override
        public void onOpenDisputes(Bytes32 jobId, int openDisputes) {
          log.warn("job {} has {} open dispute(s); no dispute engine wired", jobId, openDisputes);
        }
      };
}
