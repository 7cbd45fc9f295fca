package io.tribunal.devnet.kit;

import io.tribunal.bindings.TribunalChain;
import java.time.Duration;

/**
 * Mines an empty block on anvil every period from a daemon thread: anvil mines only on
 * transactions, while a real chain makes blocks on its own (randomness anchors arrive, deadlines
 * pass). A failed {@code evm_mine} (anvil busy, a test reorganising, anvil already stopped) is
 * retried the next period. {@link #close()} stops the thread and waits for it.
 */
public final class BlockProducer implements AutoCloseable {
  private final Thread thread;
  private volatile boolean running = true;

  private BlockProducer(TribunalChain chain, Duration period, String threadName) {
    this.thread =
        Thread.ofPlatform().daemon().name(threadName).unstarted(() -> loop(chain, period));
  }

  /** Starts mining on {@code chain} every {@code period}, on a thread called {@code threadName}. */
  public static BlockProducer start(TribunalChain chain, Duration period, String threadName) {
    BlockProducer p = new BlockProducer(chain, period, threadName);
    p.thread.start();
    return p;
  }

  private void loop(TribunalChain chain, Duration period) {
    while (running) {
      try {
        AnvilRpc.mine(chain);
      } catch (RuntimeException e) {
        // anvil busy, reorganising or already stopped: try again next period, or end
      }
      try {
        Thread.sleep(period.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
