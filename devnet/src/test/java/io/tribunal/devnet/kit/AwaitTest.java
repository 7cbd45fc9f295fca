package io.tribunal.devnet.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
  @Test
  void returnsOnceTheConditionHolds() {
    AtomicInteger polls = new AtomicInteger();
    Await.until("three polls", Duration.ofSeconds(5), () -> polls.incrementAndGet() >= 3);
    assertThat(polls).hasValue(3);
  }

  @Test
  void namesWhatItWaitedForWhenTimeRunsOut() {
    assertThatThrownBy(() -> Await.until("never", Duration.ZERO, () -> false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("waiting for never");
  }

  @Test
  void theGuardCanGiveUpEarly() {
    assertThatThrownBy(
            () ->
                Await.until(
                    "a dead daemon",
                    Duration.ofMinutes(1),
                    Duration.ofMillis(1),
                    () -> {
                      throw new IllegalStateException("solver-1 died");
                    },
                    () -> false))
        .hasMessage("solver-1 died");
  }
}
