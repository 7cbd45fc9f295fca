package io.tribunal.node.daemon;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the market's guardian has paused settlements (finalize and withdraw). A paused market is
 * a wait, not a failure: the daemon does not send what the market would refuse, so no retry budget
 * is spent and no job is put on hold, and it says so once per pause.
 */
public final class SettlementPause {
  private static final Logger LOG = LoggerFactory.getLogger(SettlementPause.class);

  /** Thrown by an action that must wait for the pause to end; the job stays where it is. */
  public static final class Paused extends RuntimeException {
    Paused(long until) {
      super("settlements are paused until chain time " + until);
    }
  }

  private final DaemonRuntime rt;
  private final AtomicLong announced = new AtomicLong();

  SettlementPause(DaemonRuntime rt) {
    this.rt = rt;
  }

  /** Throws {@link Paused} while settlements are paused. */
  public void awaitEnd() {
    long end = until();
    if (end != 0) {
      throw new Paused(end);
    }
  }

  /** True while settlements are paused (chain time before the pause's end). */
  public boolean active() {
    return until() != 0;
  }

  /** The pause's end in chain time, or 0 when settlements are not paused. */
  private long until() {
    BigInteger until =
        rt.reader()
            .view(
                "settlementsPausedUntil",
                () -> rt.contracts().market().settlementsPausedUntil().send());
    long end = until.longValueExact();
    if (end == 0 || rt.reader().now() >= end) {
      return 0;
    }
    if (announced.getAndSet(end) != end) {
      LOG.warn(
          "the market's guardian paused settlements until chain time {}: finalize and withdraw"
              + " wait until then",
          end);
    }
    return end;
  }
}
