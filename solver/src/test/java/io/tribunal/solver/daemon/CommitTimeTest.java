package io.tribunal.solver.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.core.model.MlpSpec;
import io.tribunal.protocol.job.JobLimits;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CommitTimeTest {
  @Test
  void trainingTimeAtTheConfiguredThroughputPlusTheCommitMargin() {
    MlpSpec spec = MlpSpec.parse("mlp:784-128-10");
    // 1024 steps × 3 · 32 · (784·128 + 128·10) = 9,990,832,128 MAC at 2·10^8 MAC/s = 50 s
    assertThat(CommitTime.seconds(spec, BigInteger.valueOf(1024), 32, 200_000_000L))
        .isEqualTo(50 + CommitTime.MARGIN_SECONDS);
    assertThat(CommitTime.seconds(spec, BigInteger.valueOf(1024), 32, 1_000_000L))
        .isEqualTo(9_991 + CommitTime.MARGIN_SECONDS);
  }

  @Test
  void aJobTheMarketAcceptsFitsAtTheMarketsFloorWhenClaimedAtOnce() {
    // the market's minimum window (from the claim deadline) covers the training at its floor; the
    // solver's margin (300 s) fits in the market's fixed part (600 s)
    MlpSpec spec = MlpSpec.parse("mlp:784-1024-10");
    BigInteger steps = BigInteger.valueOf(100_000);
    long window =
        JobLimits.minCommitWindow(100_000, JobLimits.macsPerStep(spec, 128)).longValueExact();
    assertThat(CommitTime.seconds(spec, steps, 128, JobLimits.COMMIT_THROUGHPUT_FLOOR))
        .isLessThanOrEqualTo(window);
  }
}
