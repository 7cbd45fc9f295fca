package io.tribunal.verifier;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * When to try again to check a job whose check could not complete (dataset missing, checkpoint
 * server unreachable, RPC outage): doubling from {@code first} up to {@code max}, per job, reset
 * when a check completes. Operator time only; nothing here touches the committed computation.
 */
final class CheckBackoff {
  private final Duration first;
  private final Duration max;
  private final LongSupplier nanoTime;
  private final Map<String, Entry> jobs = new ConcurrentHashMap<>();

  private record Entry(int failures, long nextAtNanos) {}

  CheckBackoff(Duration first, Duration max, LongSupplier nanoTime) {
    this.first = first;
    this.max = max;
    this.nanoTime = nanoTime;
  }

  /** Whether job {@code id} may be checked now. */
  boolean due(String id) {
    Entry e = jobs.get(id);
    return e == null || nanoTime.getAsLong() - e.nextAtNanos >= 0;
  }

  /** Records a check that could not complete; returns how long to wait before the next one. */
  Duration failed(String id) {
    Entry prev = jobs.get(id);
    int failures = prev == null ? 1 : prev.failures + 1;
    Duration wait = first.multipliedBy(1L << Math.min(failures - 1, 20));
    if (wait.compareTo(max) > 0) {
      wait = max;
    }
    jobs.put(id, new Entry(failures, nanoTime.getAsLong() + wait.toNanos()));
    return wait;
  }

  /** The check of {@code id} completed (either way): forget its failures. */
  void completed(String id) {
    jobs.remove(id);
  }
}
