package io.tribunal.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Not run by Surefire on its own (no Test/IT suffix): {@link AnvilExtensionTest} runs it through
 * the JUnit engine test kit to prove a failing chain test still stops its anvil.
 */
@ExtendWith(AnvilExtension.class)
class FailingChainScenario {
  static volatile long anvilPid = -1;

  @Test
  void failsOnPurpose(Devnet devnet) {
    anvilPid = devnet.anvil().pid();
    assertThat(devnet.anvil().isAlive()).isTrue();
    throw new AssertionError("deliberate failure");
  }
}
