package io.tribunal.solver.daemon;

import io.tribunal.core.model.MlpSpec;
import io.tribunal.protocol.job.JobLimits;
import java.math.BigInteger;

/**
 * How long this solver needs from claim to commit: the job's multiply-accumulates at the operator's
 * sure throughput, plus a fixed margin for checkpoint upload and the commit transaction. A job that
 * cannot be finished by its commit deadline is not claimed, because a missed commit costs 20% of
 * the collateral.
 */
final class CommitTime {
  /** Checkpoint publication and the commit transaction, on a busy chain. */
  static final long MARGIN_SECONDS = 300;

  private CommitTime() {}

  /** Seconds needed for {@code steps} steps of {@code spec} at batch {@code batch}. */
  static long seconds(MlpSpec spec, BigInteger steps, int batch, long macsPerSecond) {
    return JobLimits.trainingSeconds(steps, JobLimits.macsPerStep(spec, batch), macsPerSecond)
        .add(BigInteger.valueOf(MARGIN_SECONDS))
        .min(BigInteger.valueOf(Long.MAX_VALUE))
        .longValueExact();
  }
}
