package io.tribunal.challenger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SortedSet;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/** The challenger's secret sample: repeatable after a restart, its own per key and per job. */
class SamplesTest {
  private static final Credentials KEY =
      Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
  private static final String JOB = "0x" + "ab".repeat(32);

  @Test
  void aRestartedChallengerDrawsTheSameSample() {
    SortedSet<Long> first = new Samples(KEY).of(JOB, 1_000, 8);
    assertThat(first).hasSize(8).allMatch(i -> i >= 0 && i < 1_000);
    assertThat(new Samples(KEY).of(JOB, 1_000, 8)).isEqualTo(first);
  }

  @Test
  void anotherKeyOrAnotherJobDrawsAnotherSample() {
    SortedSet<Long> mine = new Samples(KEY).of(JOB, 1_000, 8);
    Credentials other =
        Credentials.create("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
    assertThat(new Samples(other).of(JOB, 1_000, 8)).isNotEqualTo(mine);
    assertThat(new Samples(KEY).of("0x" + "cd".repeat(32), 1_000, 8)).isNotEqualTo(mine);
  }

  @Test
  void askingForAtLeastEveryTransitionReplaysThemAll() {
    assertThat(new Samples(KEY).of(JOB, 6, 10)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
  }
}
