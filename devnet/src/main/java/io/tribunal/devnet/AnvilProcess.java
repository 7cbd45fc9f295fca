package io.tribunal.devnet;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One anvil node on 127.0.0.1 that this JVM started. {@link #close()} stops exactly that process
 * (by handle, never by name), and a shutdown hook stops it if the JVM exits first, unless it was
 * started {@linkplain #startDetached detached} for {@code tribunal devnet up}.
 */
public final class AnvilProcess implements AutoCloseable {
  public static final String HOST = "127.0.0.1";

  private final Process process;
  private final int port;
  private final Thread shutdownHook;

  private AnvilProcess(Process process, int port, boolean detached) {
    this.process = process;
    this.port = port;
    if (detached) {
      this.shutdownHook = null;
    } else {
      this.shutdownHook = new Thread(this::stopQuietly, "anvil-" + port + "-stopper");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  /** Starts anvil on a free port, owned by this JVM; its output goes to {@code log}. */
  public static AnvilProcess start(Path log) {
    return launch(0, log, false);
  }

  /** Starts anvil on {@code port} (0 = a free port) that outlives this JVM. */
  public static AnvilProcess startDetached(int port, Path log) {
    return launch(port, log, true, 0, null);
  }

  /**
   * Starts anvil on {@code port} (0 = a free port) that outlives this JVM and, with {@code
   * blockTimeSeconds > 0}, also mines a block every that many seconds (anvil's mixed mining:
   * transactions are still mined at once, and chain time moves on its own, like a live chain).
   */
  public static AnvilProcess startDetached(int port, Path log, int blockTimeSeconds) {
    return launch(port, log, true, blockTimeSeconds, null);
  }

  /**
   * As {@link #startDetached(int, Path, int)}, with the chain kept in {@code chainState}: loaded
   * from it when it exists, written back on a graceful stop (SIGTERM) and every {@value
   * #STATE_INTERVAL_SECONDS} s, so a stopped devnet comes back with its blocks, contracts and
   * balances.
   */
  public static AnvilProcess startDetached(
      int port, Path log, int blockTimeSeconds, Path chainState) {
    return launch(port, log, true, blockTimeSeconds, chainState);
  }

  /**
   * How often a devnet's chain state is also written while it runs (a crash loses at most this).
   */
  public static final int STATE_INTERVAL_SECONDS = 30;

  private static AnvilProcess launch(int requestedPort, Path log, boolean detached) {
    return launch(requestedPort, log, detached, 0, null);
  }

  private static AnvilProcess launch(
      int requestedPort, Path log, boolean detached, int blockTimeSeconds, Path chainState) {
    Path anvil = Toolchain.anvil();
    int attempts = requestedPort == 0 ? 3 : 1;
    IllegalStateException last = null;
    for (int i = 0; i < attempts; i++) {
      int port = requestedPort == 0 ? freePort() : AnvilLauncher.requireFree(requestedPort);
      Process p = AnvilLauncher.spawn(anvil, port, log, blockTimeSeconds, chainState);
      AnvilProcess node = new AnvilProcess(p, port, detached);
      try {
        AnvilLauncher.awaitReady(p, port, node.rpcUrl(), log);
        return node;
      } catch (IllegalStateException e) {
        node.close();
        last = e;
      }
    }
    throw last;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public String rpcUrl() {
    return "http://" + HOST + ":" + port;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops this anvil (SIGTERM, then SIGKILL after 5 s) and waits until it is gone. */
  @Override
  public void close() {
    stopQuietly();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // JVM already shutting down: the hook is running or has run
      }
    }
  }

  private void stopQuietly() {
    stop(process.toHandle());
  }

  /** Stops a process by handle: graceful first, forcibly after 5 s. */
  static boolean stop(ProcessHandle handle) {
    if (!handle.isAlive()) {
      return false;
    }
    handle.destroy();
    try {
      handle.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      handle.destroyForcibly();
      try {
        handle.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // reported by the caller through isAlive()
      }
    }
    return true;
  }

  /** A port that was free a moment ago on 127.0.0.1. */
  public static int freePort() {
    return FreePorts.pick();
  }

  /** Thrown when the requested port is already taken. */
  public static final class PortBusyException extends RuntimeException {
    private final int port;

    PortBusyException(int port) {
      super("port " + port + " on " + HOST + " is busy; choose another with --port or omit it");
      this.port = port;
    }

    public int port() {
      return port;
    }
  }

  /** The process for {@code pid} if it is alive and is an anvil binary. */
  static Optional<ProcessHandle> findAnvil(long pid) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().command().map(c -> c.endsWith("/anvil")).orElse(false));
  }
}
