package io.tribunal.explorer.web;

import io.tribunal.explorer.index.JobEntry;

/** What the job pages say about a job's state. */
final class Jobs {
  private Jobs() {}

  /** The status a person reads: the contract's, or DISPUTED while a game runs on it. */
  static String shown(JobEntry j) {
    return j.disputed() && j.status().equals("COMMITTED") ? "DISPUTED" : j.status();
  }

  /** The deadline that matters now: claim, commit or the end of the challenge window. */
  static long nextDeadline(JobEntry j) {
    return switch (j.status()) {
      case "OPEN" -> j.claimDeadline();
      case "CLAIMED" -> j.commitDeadline();
      case "COMMITTED" -> j.challengeDeadline();
      default -> 0;
    };
  }

  static String deadlineName(JobEntry j) {
    return switch (j.status()) {
      case "OPEN" -> "claim by";
      case "CLAIMED" -> "commit by";
      case "COMMITTED" -> "challenge window ends";
      default -> "";
    };
  }
}
