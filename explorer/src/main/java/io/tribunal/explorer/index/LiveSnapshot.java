package io.tribunal.explorer.index;

/**
 * The latest published {@link Snapshot}, and a way to wait for the next one (the live stream waits
 * here for new blocks).
 */
public final class LiveSnapshot {
  private volatile Snapshot current;

  public LiveSnapshot(Snapshot first) {
    current = first;
  }

  public Snapshot get() {
    return current;
  }

  public synchronized void publish(Snapshot s) {
    current = s;
    notifyAll();
  }

  /** The first snapshot past block {@code head}, or the current one after {@code millis}. */
  public synchronized Snapshot awaitAfter(long head, long millis) throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    while (current.head() <= head) {
      long left = end - System.currentTimeMillis();
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    return current;
  }
}
