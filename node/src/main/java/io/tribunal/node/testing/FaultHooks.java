package io.tribunal.node.testing;

import io.tribunal.node.persist.TxJournal;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test-only fault-injection points, off unless a system property turns them on. They exist so the
 * daemon fault ITs can {@code kill -9} a daemon at a deterministic point (between journaling a
 * transaction and broadcasting it, or in the middle of training) instead of racing a timer. Never
 * set these properties in production: they only add sleeps, never change what is sent.
 *
 * <ul>
 *   <li>{@code tribunal.test.pauseAfterJournal=<intent prefix>}: {@code DurableTxSender} logs
 *       {@code TEST HOOK: paused after journaling <intent>} and sleeps for a long time right after
 *       the signed transaction of a matching intent is journaled, before it is broadcast;
 *   <li>{@code tribunal.test.stepDelayMs=<ms>}: training sleeps this long after every step;
 *   <li>{@link #setAfterJournal}: in-process tests run code between journaling a transaction and
 *       broadcasting it (e.g. mine a rival transaction with the same nonce).
 * </ul>
 */
public final class FaultHooks {
  public static final String PAUSE_AFTER_JOURNAL = "tribunal.test.pauseAfterJournal";
  public static final String STEP_DELAY_MS = "tribunal.test.stepDelayMs";
  private static final Logger LOG = LoggerFactory.getLogger(FaultHooks.class);

  private static volatile Consumer<TxJournal.Entry> afterJournal = e -> {};

  private FaultHooks() {}

  /** Installs (or, with {@code null}, removes) the in-process after-journal hook. */
  public static void setAfterJournal(Consumer<TxJournal.Entry> hook) {
    afterJournal = hook == null ? e -> {} : hook;
  }

  /**
   * Runs the in-process hook, then sleeps (until killed) if the pause-after-journal property
   * matches {@code intent}.
   */
  public static void afterJournal(String intent, TxJournal.Entry entry) {
    afterJournal.accept(entry);
    String prefix = System.getProperty(PAUSE_AFTER_JOURNAL, "");
    if (!prefix.isEmpty() && intent.startsWith(prefix)) {
      LOG.warn("TEST HOOK: paused after journaling {}", intent);
      sleep(600_000);
    }
  }

  /** Sleeps after a training step if the step-delay hook is set. */
  public static void afterTrainingStep() {
    long ms = Long.getLong(STEP_DELAY_MS, 0L);
    if (ms > 0) {
      sleep(ms);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
