package io.tribunal.core.tensor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * A fixed pool that splits independent row indices across threads.
 *
 * <p>Invariant: work is only ever split by output row and every row is computed by one thread from
 * immutable inputs, never reduced across threads, so results are bit-identical at any thread count.
 * Which thread computes which row may vary from call to call (chunks are claimed dynamically, the
 * calling thread included); that cannot change any value.
 *
 * <p>Cost model: handing work to a pool thread costs a wake-up (tens of microseconds, more on a
 * loaded machine), so {@link #forWork} runs small ops on the calling thread and splits large ones
 * into a few contiguous chunks per thread. The caller always works too and only waits for chunks a
 * helper has already claimed, so an unscheduled helper never stalls a step.
 */
public final class Parallel implements AutoCloseable {
  /**
   * Below this many work units (roughly element operations, see {@link #forWork}) an op runs on the
   * calling thread: measured on 2 cores, waking a helper costs ~20-100 us, about this much work.
   */
  public static final long SERIAL_WORK = 1L << 17;

  /** Chunks per thread for large ops, so a late or descheduled helper leaves work to the caller. */
  private static final int CHUNKS_PER_THREAD = 4;

  private static final Parallel SERIAL = new Parallel(1);

  private final int threads;
  private final ExecutorService pool;

  private Parallel(int threads) {
    this.threads = threads;
    this.pool =
        threads == 1
            ? null
            : Executors.newFixedThreadPool(
                threads - 1,
                r -> {
                  Thread t = new Thread(r, "tribunal-compute");
                  t.setDaemon(true);
                  return t;
                });
  }

  /** A pool of the given size (>= 1, the calling thread included); close it when done. */
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
   * Runs body(i) for every i in [0, n), split into at most {@link #threads()} contiguous chunks of
   * at least minChunk indices.
   */
  public void forRange(int n, int minChunk, IntConsumer body) {
    int chunks = Math.min(threads, Math.max(1, n / Math.max(1, minChunk)));
    run(n, chunks, body);
  }

  /**
   * Runs body(i) for every i in [0, n) where one index costs about costPerIndex work units (e.g.
   * the row length for an element-wise op, row length x inner dimension for a matmul row). Runs on
   * the calling thread when the total is below {@link #SERIAL_WORK}, otherwise in contiguous chunks
   * of at least SERIAL_WORK / threads units each.
   */
  public void forWork(int n, long costPerIndex, IntConsumer body) {
    long cost = Math.max(1, costPerIndex);
    long total = cost * n;
    if (pool == null || total < SERIAL_WORK) {
      run(n, 1, body);
      return;
    }
    long minIndices = Math.max(1, SERIAL_WORK / threads / cost);
    long byWork = Math.max(1, n / minIndices);
    int chunks = (int) Math.min(Math.min(n, byWork), (long) threads * CHUNKS_PER_THREAD);
    run(n, chunks, body);
  }

  private void run(int n, int chunks, IntConsumer body) {
    if (chunks <= 1 || pool == null) {
      for (int i = 0; i < n; i++) {
        body.accept(i);
      }
      return;
    }
    Job job = new Job(n, chunks, body);
    int helpers = Math.min(threads - 1, chunks - 1);
    for (int h = 0; h < helpers; h++) {
      try {
        pool.execute(job::work);
      } catch (RejectedExecutionException e) {
        break; // closed pool: the caller does the remaining chunks itself
      }
    }
    job.work();
    try {
      job.done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while computing", e);
    }
    Throwable failure = job.failure.get();
    if (failure instanceof RuntimeException re) {
      throw re;
    }
    if (failure instanceof Error err) {
      throw err;
    }
    if (failure != null) {
      throw new IllegalStateException("parallel task failed", failure);
    }
  }

  /** One call's chunks; each chunk is claimed by exactly one thread. */
  private static final class Job {
    private final int n;
    private final int chunks;
    private final IntConsumer body;
    private final AtomicInteger next = new AtomicInteger();
    private final CountDownLatch done;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Job(int n, int chunks, IntConsumer body) {
      this.n = n;
      this.chunks = chunks;
      this.body = body;
      this.done = new CountDownLatch(chunks);
    }

    void work() {
      for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
        int from = (int) ((long) n * c / chunks);
        int to = (int) ((long) n * (c + 1) / chunks);
        try {
          if (failure.get() == null) {
            for (int i = from; i < to; i++) {
              body.accept(i);
            }
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          done.countDown();
        }
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
