package io.tribunal.explorer.index;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** A job being indexed: filled in event by event, then frozen into a {@link JobEntry}. */
final class JobState {
  final String id;
  String status = "OPEN";
  String user = "";
  String relayer = "";
  String solver = "";
  String modelSpecHash = "";
  String datasetRoot = "";
  String datasetUri = "";
  String spec = "";
  int batch;
  long eta;
  long datasetSize;
  long steps;
  BigInteger price = BigInteger.ZERO;
  BigInteger collateral = BigInteger.ZERO;
  long claimDeadline;
  long commitDeadline;
  long challengeDeadline;
  String traceRoot = "";
  long n;
  int k;
  String modelHash = "";
  int openDisputes;
  int attestations;
  long submittedBlock;
  final List<Milestone> timeline = new ArrayList<>();
  List<String> graphOps = List.of();
  private JobEntry frozen;

  JobState(String id) {
    this.id = id;
  }

  void add(Milestone m) {
    timeline.add(m);
    frozen = null;
  }

  /** Marks the job changed: the next {@link #entry()} builds a new record. */
  void touch() {
    frozen = null;
  }

  JobEntry entry() {
    if (frozen == null) {
      frozen =
          new JobEntry(
              id,
              status,
              user,
              relayer,
              solver,
              modelSpecHash,
              datasetRoot,
              datasetUri,
              spec,
              batch,
              eta,
              datasetSize,
              steps,
              price,
              collateral,
              claimDeadline,
              commitDeadline,
              challengeDeadline,
              traceRoot,
              n,
              k,
              modelHash,
              openDisputes,
              attestations,
              submittedBlock,
              timeline,
              graphOps);
    }
    return frozen;
  }
}
