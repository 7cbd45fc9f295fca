package io.tribunal.node.daemon;

import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a daemon stops on SIGTERM or Ctrl-C: one line saying it is stopping, its loop, servers and
 * state DB closed in order (every journaled transaction stays journaled and is resumed at the next
 * start), one line saying it stopped, and exit code 0, since a requested stop is not a failure. A
 * daemon that ended on its own (an error) keeps its own exit code.
 */
public final class SignalStop {
  private static final Logger LOG = LoggerFactory.getLogger(SignalStop.class);

  private SignalStop() {}

  /**
   * Installs the hook for {@code daemon}, named {@code what} in the log; {@code running} tells a
   * signal (still running) from a daemon that already ended.
   */
  /**
   * Runs {@code loop} until it returns, with a signal handler that closes {@code daemon}; closes it
   * afterwards too. Returns exit code 0.
   */
  public static int runUntilStopped(
      String what, BooleanSupplier running, AutoCloseable daemon, Runnable loop) throws Exception {
    try (daemon) {
      install(what, running, daemon);
      loop.run();
    }
    return 0;
  }

  public static void install(String what, BooleanSupplier running, AutoCloseable daemon) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  boolean signalled = running.getAsBoolean();
                  if (signalled) {
                    LOG.info("{}: stopping (signal): closing the loop, servers and state", what);
                  }
                  try {
                    daemon.close();
                  } catch (Exception e) {
                    LOG.warn("{}: while stopping: {}", what, e.getMessage());
                  }
                  if (signalled) {
                    LOG.info("{}: stopped", what);
                    System.err.flush();
                    Runtime.getRuntime().halt(0);
                  }
                },
                what + "-stop"));
  }
}
