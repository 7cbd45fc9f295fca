package io.tribunal.solver.daemon;

import io.tribunal.node.daemon.LocalPhase;
import io.tribunal.node.persist.JobTable;

/**
 * A job's local phase in the solver's state DB: NEW → CLAIMING → CLAIMED → COMMITTED → FINALIZED →
 * DONE, or one of the other terminal phases. The chain is the source of truth; a phase only
 * remembers how far this solver got, so the loop never moves a job out of a terminal phase (a
 * restart may decide a SKIPPED job again, see {@code Claims.reconsiderSkipped}).
 */
public enum JobPhase implements LocalPhase {
  NEW(false),
  CLAIMING(false),
  CLAIMED(false),
  COMMITTED(false),
  FINALIZED(false),
  DONE(true),
  SKIPPED(true),
  LOST(true),
  CHEATED(true);

  private final boolean terminal;

  JobPhase(boolean terminal) {
    this.terminal = terminal;
  }

  @Override
  public boolean terminal() {
    return terminal;
  }

  /**
   * Whether the checkpoint server may serve job {@code id}'s files: only once this solver claimed
   * it (not while it is still deciding, nor when it skipped or lost it).
   */
  static boolean servable(JobTable jobs, String id) {
    return jobs.get(id)
        .map(r -> JobPhase.valueOf(r.phase()))
        .map(p -> p != NEW && p != SKIPPED && p != LOST && p != CLAIMING)
        .orElse(false);
  }
}
