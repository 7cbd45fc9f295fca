package io.tribunal.node.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one client may hold of a JDK HTTP server, as the system properties the JDK's {@code
 * sun.net.httpserver.ServerConfig} reads once per JVM (checked in the class files of JDK 17.0.15
 * and 25 and with a probe on both: the times are whole seconds, the two check periods milliseconds,
 * and the connection caps count per server).
 *
 * @param maxRequestSeconds request line + headers + body must arrive within this ({@code
 *     sun.net.httpserver.maxReqTime}); also bounds a connection that never sends a byte
 * @param maxResponseSeconds a response must be fully written within this ({@code
 *     sun.net.httpserver.maxRspTime}): a client that stops reading a checkpoint download is cut
 * @param idleSeconds a kept-alive connection with no new request is closed after this ({@code
 *     sun.net.httpserver.idleInterval})
 * @param idleCheckMillis how often idle and never-used connections are looked at ({@code
 *     sun.net.httpserver.clockTick})
 * @param timeoutCheckMillis how often the request/response timers are looked at ({@code
 *     sun.net.httpserver.timerMillis})
 * @param maxConnections open connections per server; one more is accepted and closed at once
 *     ({@code jdk.httpserver.maxConnections})
 * @param maxIdleConnections kept-alive connections per server ({@code
 *     sun.net.httpserver.maxIdleConnections})
 * @param maxHeaderBytes request line + headers ({@code sun.net.httpserver.maxReqHeaderSize}; JDK
 *     builds from before that property ignore it)
 */
public record HttpLimits(
    int maxRequestSeconds,
    int maxResponseSeconds,
    int idleSeconds,
    int idleCheckMillis,
    int timeoutCheckMillis,
    int maxConnections,
    int maxIdleConnections,
    int maxHeaderBytes) {

  /**
   * What the daemons run with. 20 s to send a request of at most 64 KiB is generous for any honest
   * client yet lets a stalled one hold its socket only briefly; 300 s for a response leaves a
   * multi-megabyte checkpoint download at 25 KB/s; 512 connections per server stay well inside the
   * usual 1,024-4,096 descriptor limits with two servers per daemon and are far above honest use;
   * 32 KiB of headers is ~30 times what any of our clients send (the JDK allows 384 KiB, which
   * times 512 connections is a lot of memory to hand strangers).
   */
  public static final HttpLimits DEFAULTS =
      new HttpLimits(20, 300, 30, 5_000, 1_000, 512, 200, 32 * 1024);

  public HttpLimits {
    positive("maxRequestSeconds", maxRequestSeconds);
    positive("maxResponseSeconds", maxResponseSeconds);
    positive("idleSeconds", idleSeconds);
    positive("idleCheckMillis", idleCheckMillis);
    positive("timeoutCheckMillis", timeoutCheckMillis);
    positive("maxConnections", maxConnections);
    positive("maxIdleConnections", maxIdleConnections);
    positive("maxHeaderBytes", maxHeaderBytes);
  }

  /** The JDK system property for each limit, in a fixed order. */
  public Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("sun.net.httpserver.maxReqTime", Integer.toString(maxRequestSeconds));
    p.put("sun.net.httpserver.maxRspTime", Integer.toString(maxResponseSeconds));
    p.put("sun.net.httpserver.idleInterval", Integer.toString(idleSeconds));
    p.put("sun.net.httpserver.clockTick", Integer.toString(idleCheckMillis));
    p.put("sun.net.httpserver.timerMillis", Integer.toString(timeoutCheckMillis));
    p.put("jdk.httpserver.maxConnections", Integer.toString(maxConnections));
    p.put("sun.net.httpserver.maxIdleConnections", Integer.toString(maxIdleConnections));
    p.put("sun.net.httpserver.maxReqHeaderSize", Integer.toString(maxHeaderBytes));
    return p;
  }

  // zero or negative means "no limit" (or "the JDK default") to the JDK: never what we want here
  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }
}
