package io.tribunal.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of anvil that a test can take down: {@link #cut()} closes the listening
 * socket and every open connection (clients see "connection refused" / resets, as with a node that
 * is down), {@link #restore()} listens again on the same port.
 */
final class RpcProxy implements AutoCloseable {
  private final int port;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;
  private volatile boolean closed;

  RpcProxy(String targetUrl) {
    URI u = URI.create(targetUrl);
    this.target = new InetSocketAddress(u.getHost(), u.getPort());
    this.port = freePort();
    restore();
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  synchronized void cut() {
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  synchronized void restore() {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      server = s;
      Thread.ofPlatform().daemon().name("rpc-proxy-accept").start(() -> accept(s));
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on " + port, e);
    }
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed() && !closed) {
      try {
        Socket client = s.accept();
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        return; // cut or closed
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread.ofPlatform()
        .daemon()
        .name("rpc-proxy-pump")
        .start(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // one side went away
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            });
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  static int freePort() {
    return io.tribunal.devnet.FreePorts.pick();
  }

  @Override
  public void close() {
    closed = true;
    cut();
  }
}
