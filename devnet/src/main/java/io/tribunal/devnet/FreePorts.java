package io.tribunal.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Listening ports picked ahead of time for a process that binds them a moment later (anvil, a
 * daemon's metrics or relay port).
 *
 * <p>Why not port 0: the kernel hands out the same ephemeral range (32768–60999 on Linux) to
 * outgoing connections, so a port that was free when picked is often taken by some client socket (a
 * daemon talking to anvil) before the listener binds it. Ports below that range are never assigned
 * to outgoing connections; picking one at random and checking it binds leaves only a race with
 * another listener that chose the same number, which is rare.
 */
public final class FreePorts {
  private static final int LOW = 20_000;
  private static final int HIGH = 32_000;
  private static final int ATTEMPTS = 200;

  private FreePorts() {}

  /** A port on 127.0.0.1 outside the ephemeral range that was free a moment ago. */
  public static int pick() {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    for (int i = 0; i < ATTEMPTS; i++) {
      int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(false);
        s.bind(new java.net.InetSocketAddress(loopback, port), 1);
        return port;
      } catch (IOException busy) {
        // taken: try another
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, loopback)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + loopback, e);
    }
  }
}
