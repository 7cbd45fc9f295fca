package io.tribunal.explorer.index;

import java.math.BigInteger;
import java.util.List;

/**
 * A job as its events tell it. Amounts are token base units; deadlines are chain time (seconds, 0
 * while unknown); hashes and addresses are lower-case 0x hex ("" while unknown).
 *
 * @param status the contract's status: OPEN, CLAIMED, COMMITTED, FINALIZED, REFUNDED or CHEATED
 * @param spec the model spec its submission revealed ("" when unknown: the chain keeps its hash);
 *     {@code batch}, {@code eta} (Q8.24) and {@code datasetSize} likewise (0 when unknown)
 * @param n the committed number of steps, {@code k} the steps between trace leaves
 * @param openDisputes the games running on it now
 * @param submittedBlock the block of its {@code JobSubmitted} event (lists sort on it)
 */
public record JobEntry(
    String id,
    String status,
    String user,
    String relayer,
    String solver,
    String modelSpecHash,
    String datasetRoot,
    String datasetUri,
    String spec,
    int batch,
    long eta,
    long datasetSize,
    long steps,
    BigInteger price,
    BigInteger collateral,
    long claimDeadline,
    long commitDeadline,
    long challengeDeadline,
    String traceRoot,
    long n,
    int k,
    String modelHash,
    int openDisputes,
    int attestations,
    long submittedBlock,
    List<Milestone> timeline,
    List<String> graphOps) {

  public JobEntry {
    timeline = List.copyOf(timeline);
    graphOps = List.copyOf(graphOps);
  }

  /** True while some dispute game on the job is still running. */
  public boolean disputed() {
    return openDisputes > 0;
  }
}
