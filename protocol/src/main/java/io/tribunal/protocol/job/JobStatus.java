package io.tribunal.protocol.job;

/** JobMarket's {@code JobStatus} enum, in the contract's order. */
public enum JobStatus {
  NONE,
  OPEN,
  CLAIMED,
  COMMITTED,
  FINALIZED,
  REFUNDED,
  CHEATED;

  public static JobStatus of(java.math.BigInteger ordinal) {
    int i = ordinal.intValueExact();
    if (i < 0 || i >= values().length) {
      throw new IllegalArgumentException("unknown job status " + i);
    }
    return values()[i];
  }

  public boolean terminal() {
    return this == FINALIZED || this == REFUNDED || this == CHEATED;
  }
}
