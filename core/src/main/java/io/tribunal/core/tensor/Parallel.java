package io.tribunal.core.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * A fixed pool that splits independent row indices across threads.
 *
 * <p>Invariant: work is only ever split by output row and every row is computed by one thread from
 * immutable inputs, never reduced across threads, so results are bit-identical at any thread count.
 */
public final class Parallel implements AutoCloseable {
  private static final Parallel SERIAL = new Parallel(1);

  private final int threads;
  private final ExecutorService pool;

  private Parallel(int threads) {
    this.threads = threads;
    this.pool =
        threads == 1
            ? null
            : Executors.newFixedThreadPool(
                threads,
                r -> {
                  Thread t = new Thread(r, "tribunal-compute");
                  t.setDaemon(true);
                  return t;
                });
  }

  /** A pool of the given size (>= 1); close it when done. */
  public static Parallel of(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("thread count must be >= 1, got " + threads);
    }
    return threads == 1 ? SERIAL : new Parallel(threads);
  }

  public static Parallel serial() {
    return SERIAL;
  }

  public int threads() {
    return threads;
  }

  /**
   * Runs body(i) for every i in [0, n), split into contiguous chunks of at least minChunk indices.
   */
  public void forRange(int n, int minChunk, IntConsumer body) {
    int chunks = Math.min(threads, Math.max(1, n / Math.max(1, minChunk)));
    if (chunks <= 1 || pool == null) {
      for (int i = 0; i < n; i++) {
        body.accept(i);
      }
      return;
    }
    List<Future<?>> futures = new ArrayList<>(chunks);
    for (int c = 0; c < chunks; c++) {
      int from = (int) ((long) n * c / chunks);
      int to = (int) ((long) n * (c + 1) / chunks);
      futures.add(
          pool.submit(
              () -> {
                for (int i = from; i < to; i++) {
                  body.accept(i);
                }
              }));
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while computing", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException("parallel task failed", e.getCause());
      }
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
