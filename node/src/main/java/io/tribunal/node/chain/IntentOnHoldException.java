package io.tribunal.node.chain;

/**
 * An action whose transactions failed and that may not be tried now: either it is backing off until
 * its next attempt, or it failed {@link RetryPolicy#maxFailures()} times in a row and gave up,
 * which needs an operator (see docs/operators.md).
 */
public final class IntentOnHoldException extends RuntimeException {
  private final String action;
  private final int failures;
  private final boolean gaveUp;

  public IntentOnHoldException(String action, int failures, boolean gaveUp, String lastError) {
    super(
        (gaveUp ? "gave up on " : "backing off ")
            + action
            + " after "
            + failures
            + " failed attempt"
            + (failures == 1 ? "" : "s")
            + " (last: "
            + lastError
            + ")");
    this.action = action;
    this.failures = failures;
    this.gaveUp = gaveUp;
  }

  public String action() {
    return action;
  }

  public int failures() {
    return failures;
  }

  /** True when the retry budget is spent: the job needs an operator. */
  public boolean gaveUp() {
    return gaveUp;
  }
}
