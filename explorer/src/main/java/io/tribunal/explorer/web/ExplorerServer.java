package io.tribunal.explorer.web;

import com.sun.net.httpserver.HttpServer;
import io.tribunal.explorer.index.LiveSnapshot;
import io.tribunal.node.http.HttpServers;
import io.tribunal.node.http.SafeHandler;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The explorer's HTTP server: one guarded handler for every path, a virtual thread per request. */
public final class ExplorerServer implements AutoCloseable {
  private final HttpServer server;

  private ExplorerServer(HttpServer server) {
    this.server = server;
  }

  /** Starts serving {@code live} on {@code bind} (port 0: any free port). */
  public static ExplorerServer start(InetSocketAddress bind, LiveSnapshot live) throws IOException {
    HttpServer s = HttpServers.create(bind);
    s.createContext("/", SafeHandler.wrap("explorer", new Router(live)));
    s.start();
    return new ExplorerServer(s);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8090}. */
  public String url() {
    String host =
        server.getAddress().getAddress().isAnyLocalAddress()
            ? "127.0.0.1"
            : server.getAddress().getAddress().getHostAddress();
    return "http://" + host + ":" + port();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
