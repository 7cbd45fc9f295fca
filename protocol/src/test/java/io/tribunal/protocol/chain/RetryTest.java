package io.tribunal.protocol.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.bindings.ChainUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {
  @Test
  void aOneShotCommandFailsAtOnceWhenTheConnectionIsRefused() {
    AtomicInteger attempts = new AtomicInteger();
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                Retry.command()
                    .call(
                        "connect to http://127.0.0.1:1",
                        () -> {
                          attempts.incrementAndGet();
                          throw new IOException(
                              "cannot reach http://127.0.0.1:1",
                              new ConnectException("Connection refused"));
                        }))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageContaining("http://127.0.0.1:1")
        .hasMessageContaining("cannot reach");
    assertThat(attempts).hasValue(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void aOneShotCommandStillRetriesOtherTransientFailures() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    String answer =
        Retry.command()
            .call(
                "read",
                () -> {
                  if (attempts.incrementAndGet() < 3) {
                    throw new IOException("connection reset");
                  }
                  return "ok";
                });
    assertThat(answer).isEqualTo("ok");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void aDaemonWaitsOutARefusedConnection() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    String answer =
        Retry.daemon(e -> {})
            .call(
                "connect",
                () -> {
                  if (attempts.incrementAndGet() < 3) {
                    throw new IOException("down", new ConnectException("Connection refused"));
                  }
                  return "up";
                });
    assertThat(answer).isEqualTo("up");
    assertThat(attempts).hasValue(3);
  }
}
