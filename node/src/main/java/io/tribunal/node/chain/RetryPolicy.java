package io.tribunal.node.chain;

import java.time.Duration;

/**
 * How a daemon waits for and retries its transactions.
 *
 * @param settleBound how long one call waits for a journaled transaction's outcome before it
 *     reports it as still pending (the transaction stays journaled; a later call resumes it)
 * @param maxFailures failed attempts in a row after which an action gives up
 * @param firstBackoff wait after the first failure; doubled after each further one
 * @param maxBackoff longest wait between attempts
 */
public record RetryPolicy(
    Duration settleBound, int maxFailures, Duration firstBackoff, Duration maxBackoff) {
  public RetryPolicy {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be at least 1");
    }
  }

  /** Daemons: wait up to 2 minutes per call; 5 failures, backing off 5 s doubling to 5 min. */
  public static RetryPolicy daemon() {
    return new RetryPolicy(Duration.ofMinutes(2), 5, Duration.ofSeconds(5), Duration.ofMinutes(5));
  }

  /** The wait before attempt {@code failures + 1}. */
  public Duration backoffAfter(int failures) {
    long ms = firstBackoff.toMillis();
    for (int i = 1; i < failures && ms < maxBackoff.toMillis(); i++) {
      ms *= 2;
    }
    return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
  }
}
