package io.tribunal.explorer.index;

/**
 * A solver's reputation: the share of its settled jobs that were paid out, {@code finalized /
 * (finalized + cheated + refunded)}, where a refund counts against it only when it had claimed the
 * job (it let the commit deadline pass). A game won by the solver neither adds nor subtracts: the
 * job still ends finalized. {@code -1} when nothing has settled yet.
 */
public final class Reputation {
  public static final String DEFINITION =
      "finalized / (finalized + slashed + refunded after claiming); jobs still running do not count";

  private Reputation() {}

  public static double of(int finalized, int cheated, int refunded) {
    int settled = finalized + cheated + refunded;
    return settled == 0 ? -1 : (double) finalized / settled;
  }
}
