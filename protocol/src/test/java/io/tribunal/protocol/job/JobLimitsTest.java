package io.tribunal.protocol.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.core.model.MlpSpec;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class JobLimitsTest {
  private static final JobHashes.HyperParams HP = new JobHashes.HyperParams(32, 52429, 8000);

  @Test
  void theMnistJobIsSettleable() {
    assertThat(JobLimits.problems(MlpSpec.parse("mlp:784-128-10"), HP, 1024, 86_400)).isEmpty();
  }

  @Test
  void eightLayersAWidthOf20000AndABatchOf65536AreRefused() {
    assertThat(JobLimits.problems(MlpSpec.parse("mlp:16-16-16-16-16-16-16-16-10"), HP, 64, 86_400))
        .containsExactly("the model has 8 layers; the dispute game supports at most 7");
    assertThat(JobLimits.problems(MlpSpec.parse("mlp:784-20000-10"), HP, 64, 86_400))
        .containsExactly(
            "width 20000 (layer 1) is wider than a dispute can prove in one transaction (at most"
                + " 10240)");
    assertThat(
            JobLimits.problems(
                MlpSpec.parse("mlp:784-16-10"),
                new JobHashes.HyperParams(65_536, 1, 100_000),
                64,
                1_000_000))
        .containsExactly(
            "batch 65536 is larger than a dispute can prove in one transaction (at most 10240)");
  }

  @Test
  void zeroStepsAndAShortCommitWindowAreRefused() {
    MlpSpec spec = MlpSpec.parse("mlp:784-128-10");
    assertThat(JobLimits.problems(spec, HP, 0, 86_400)).containsExactly("steps must be at least 1");
    BigInteger need = JobLimits.minCommitWindow(1024, JobLimits.macsPerStep(spec, 32));
    assertThat(need).isEqualTo(BigInteger.valueOf(600 + 50)); // 1024 × 9.76M MAC at 2·10^8/s
    assertThat(JobLimits.problems(spec, HP, 1024, need.longValueExact())).isEmpty();
    assertThatThrownBy(() -> JobLimits.check(spec, HP, 1024, need.longValueExact() - 1))
        .hasMessage(
            "the market would refuse this job: the commit window is 649 s; a job of this size"
                + " needs at least 650 s (--commit-window)");
  }
}
