package io.tribunal.node.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the daemons create HTTP servers. The JDK server takes its timeouts and connection
 * caps from system properties that it reads once, when the first server of the JVM is created; this
 * class sets them (to {@link HttpLimits#DEFAULTS}) in its static initialiser, so every server made
 * here runs with them. A property the operator already set with {@code -D} is left alone.
 */
public final class HttpServers {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServers.class);

  // small JSON answers: without TCP_NODELAY, Nagle + delayed ACK add ~40 ms on loopback
  private static final String NODELAY = "sun.net.httpserver.nodelay";

  /**
   * Pending connections the kernel queues before the dispatcher accepts them (capped by {@code
   * net.core.somaxconn}). A burst beyond it is not refused but slowed: the client's SYN is dropped
   * and retried a second later; 64 made a 1,000-connection burst take 10 s instead of 0.2 s.
   */
  static final int BACKLOG = 1024;

  private static final Set<String> OPERATOR_SET;
  private static boolean created;

  static {
    Set<String> set = new TreeSet<>();
    for (String key : HttpLimits.DEFAULTS.properties().keySet()) {
      if (System.getProperty(key) != null) {
        set.add(key);
      }
    }
    OPERATOR_SET = Set.copyOf(set);
    apply(HttpLimits.DEFAULTS);
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
  }

  private HttpServers() {}

  /**
   * An unstarted server on {@code bind} with a virtual thread per exchange and a {@link #BACKLOG}
   * of 1,024. Not the JDK's default executor: that one reads request headers on the single
   * dispatcher thread, so one stalled client would stop the whole server until its request timer
   * fires.
   */
  public static HttpServer create(InetSocketAddress bind) throws IOException {
    synchronized (HttpServers.class) {
      if (!created) {
        created = true;
        LOG.info("HTTP limits: {}", effective());
      }
    }
    HttpServer server = HttpServer.create(bind, BACKLOG);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    return server;
  }

  /** What the JDK will read (or has read) for each limit property. */
  public static synchronized Map<String, String> effective() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String key : HttpLimits.DEFAULTS.properties().keySet()) {
      m.put(key, System.getProperty(key));
    }
    return m;
  }

  /**
   * Other limits instead of the defaults, for a JVM of its own (tests use it for short timers):
   * once a server exists the JDK has read its properties, so this refuses then. Values the operator
   * set with {@code -D} still win.
   */
  public static synchronized void configure(HttpLimits limits) {
    if (created) {
      throw new IllegalStateException("the JDK HTTP server has read its limits already");
    }
    apply(limits);
  }

  private static void apply(HttpLimits limits) {
    limits
        .properties()
        .forEach(
            (key, value) -> {
              if (!OPERATOR_SET.contains(key)) {
                System.setProperty(key, value);
              }
            });
  }
}
