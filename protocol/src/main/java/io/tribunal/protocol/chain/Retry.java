package io.tribunal.protocol.chain;

import io.tribunal.bindings.ChainUnavailableException;
import io.tribunal.bindings.TransactionRevertedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.exceptions.ClientConnectionException;

/**
 * Retries RPC work with exponential backoff while the failure looks transient (I/O errors, node
 * unreachable, HTTP 5xx), up to a total time budget. Deterministic failures (a call that would
 * revert, bad arguments) are thrown at once: retrying them only wastes time.
 *
 * <p>Daemons use a long budget so a node that is down for minutes is waited out, never fatal.
 */
public final class Retry {
  private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

  private final Duration initial;
  private final Duration max;
  private final Duration budget;
  private final Consumer<Throwable> onError;
  private final boolean refusedIsFinal;

  public Retry(Duration initial, Duration max, Duration budget, Consumer<Throwable> onError) {
    this(initial, max, budget, onError, false);
  }

  private Retry(
      Duration initial,
      Duration max,
      Duration budget,
      Consumer<Throwable> onError,
      boolean refusedIsFinal) {
    this.initial = initial;
    this.max = max;
    this.budget = budget;
    this.onError = onError;
    this.refusedIsFinal = refusedIsFinal;
  }

  /** For daemons: 100 ms doubling to 5 s, for up to 30 minutes. */
  public static Retry daemon(Consumer<Throwable> onError) {
    return new Retry(
        Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(30), onError);
  }

  /**
   * For one-shot commands: a few attempts within 15 s for hiccups, but a refused connection fails
   * at once (nothing listens at that URL: a typo or a node that is not started; waiting does not
   * help the person at the terminal).
   */
  public static Retry command() {
    return new Retry(
        Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(15), e -> {}, true);
  }

  public <T> T call(String what, Callable<T> work) {
    long deadline = System.nanoTime() + budget.toNanos();
    long sleep = initial.toMillis();
    int attempt = 0;
    while (true) {
      attempt++;
      try {
        return work.call();
      } catch (Exception e) {
        if (!isTransient(e)) {
          throw rethrow(e);
        }
        if (refusedIsFinal && isConnectionRefused(e)) {
          throw new ChainUnavailableException(what + " failed: " + e.getMessage(), e);
        }
        onError.accept(e);
        if (System.nanoTime() + sleep * 1_000_000 > deadline) {
          throw new ChainUnavailableException(
              what + " failed after " + attempt + " attempts: " + e.getMessage(), e);
        }
        if (attempt == 1 || attempt % 10 == 0) {
          LOG.warn("{} failed ({}); retrying (attempt {})", what, e.getMessage(), attempt);
        }
        sleep(sleep);
        sleep = Math.min(max.toMillis(), sleep * 2);
      }
    }
  }

  public void run(String what, ThrowingRunnable work) {
    call(
        what,
        () -> {
          work.run();
          return null;
        });
  }

  /** Work that may throw anything. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** True when nothing accepted the TCP connection (connection refused). */
  static boolean isConnectionRefused(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  /** True for failures a later attempt may not see: I/O, connection refused, node unavailable. */
  public static boolean isTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TransactionRevertedException) {
        return false;
      }
      if (t instanceof IOException
          || t instanceof UncheckedIOException
          || t instanceof ConnectException
          || t instanceof ChainUnavailableException
          || t instanceof ClientConnectionException) {
        return true;
      }
    }
    return false;
  }

  private static RuntimeException rethrow(Exception e) {
    if (e instanceof RuntimeException r) {
      return r;
    }
    return new IllegalStateException(e.getMessage(), e);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
