package io.tribunal.node.chain;

import io.tribunal.node.persist.IntentRetries;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Back-off for actions whose transactions failed on-chain: each failure waits longer ({@link
 * RetryPolicy#backoffAfter}), and after {@link RetryPolicy#maxFailures()} in a row the action is on
 * hold until an operator clears it. Persisted in the state DB, so a restart keeps the count.
 */
final class ActionBackoff {
  private static final Logger LOG = LoggerFactory.getLogger(DurableTxSender.class);

  private final IntentRetries retries;
  private final RetryPolicy policy;

  ActionBackoff(IntentRetries retries, RetryPolicy policy) {
    this.retries = retries;
    this.policy = policy;
  }

  /** Throws if {@code action} failed before and is backing off or gave up. */
  void mayTry(String action) {
    Optional<IntentRetries.Record> r = retries.find(action);
    if (r.isEmpty()) {
      return;
    }
    IntentRetries.Record rec = r.get();
    if (rec.failures() >= policy.maxFailures()) {
      throw new IntentOnHoldException(action, rec.failures(), true, rec.lastError());
    }
    if (System.currentTimeMillis() < rec.nextAttemptMs()) {
      throw new IntentOnHoldException(action, rec.failures(), false, rec.lastError());
    }
  }

  void recordFailure(String action, String error) {
    int failures = retries.find(action).map(IntentRetries.Record::failures).orElse(0) + 1;
    Duration wait = policy.backoffAfter(failures);
    retries.failed(action, System.currentTimeMillis() + wait.toMillis(), error);
    if (failures >= policy.maxFailures()) {
      LOG.error("{}: failed {} times in a row, giving up: {}", action, failures, error);
    } else {
      LOG.warn(
          "{}: failed (attempt {} of {}); next attempt in {} s: {}",
          action,
          failures,
          policy.maxFailures(),
          wait.toSeconds(),
          error);
    }
  }

  /** The action succeeded: forget its failures. */
  void clear(String action) {
    retries.clear(action);
  }
}
