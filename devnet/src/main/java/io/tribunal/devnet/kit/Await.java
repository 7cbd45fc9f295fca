package io.tribunal.devnet.kit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polls a condition until it holds or a timeout passes: how the demo and the daemon tests wait for
 * the chain and the role daemons (which act on their own schedule) without fixed sleeps.
 */
public final class Await {
  /** The poll interval of {@link #until(String, Duration, BooleanSupplier)}. */
  public static final Duration DEFAULT_POLL = Duration.ofMillis(100);

  private Await() {}

  /**
   * Polls every {@link #DEFAULT_POLL}; see {@link #until(String, Duration, Duration, Runnable,
   * BooleanSupplier)}.
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    until(what, timeout, DEFAULT_POLL, () -> {}, condition);
  }

  /**
   * Polls {@code condition} every {@code poll}, running {@code guard} before each wait (it throws
   * to give up early, e.g. when a daemon died).
   *
   * @throws IllegalStateException naming {@code what} when {@code timeout} ran out
   */
  public static void until(
      String what, Duration timeout, Duration poll, Runnable guard, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      guard.run();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      sleep(poll.toMillis());
    }
  }

  /** Sleeps; an interrupt ends the wait with an exception (and keeps the thread's flag). */
  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
