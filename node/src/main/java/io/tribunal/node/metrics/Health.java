package io.tribunal.node.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Liveness of a daemon for {@code /health}: healthy while the main loop has completed a cycle
 * recently and the last chain read succeeded. {@code /health} answers 200 or 503 with a small JSON
 * body saying why.
 */
public final class Health {
  private final Clock clock;
  private final Duration staleAfter;
  private volatile Instant lastLoop;
  private volatile Instant lastChainOk;
  private volatile String lastError = "";
  private volatile long lastBlock = -1;

  public Health(Duration staleAfter) {
    this(Clock.systemUTC(), staleAfter);
  }

  Health(Clock clock, Duration staleAfter) {
    this.clock = clock;
    this.staleAfter = staleAfter;
    this.lastLoop = clock.instant();
    this.lastChainOk = Instant.EPOCH;
  }

  public void loopCompleted() {
    lastLoop = clock.instant();
  }

  public void chainOk(long block) {
    lastChainOk = clock.instant();
    lastBlock = block;
    lastError = "";
  }

  public void chainError(String message) {
    lastError = message == null ? "unknown" : message;
  }

  public boolean healthy() {
    Instant now = clock.instant();
    return Duration.between(lastLoop, now).compareTo(staleAfter) <= 0
        && Duration.between(lastChainOk, now).compareTo(staleAfter) <= 0;
  }

  /** The JSON body of {@code /health}. */
  public String json() {
    Map<String, String> m = new TreeMap<>();
    m.put("status", healthy() ? "\"ok\"" : "\"unhealthy\"");
    m.put("lastBlock", Long.toString(lastBlock));
    m.put("lastLoop", "\"" + lastLoop + "\"");
    m.put("lastChainOk", "\"" + lastChainOk + "\"");
    m.put("lastError", "\"" + lastError.replace("\\", "\\\\").replace("\"", "'") + "\"");
    StringBuilder sb = new StringBuilder("{");
    m.forEach(
        (k, v) ->
            sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
    return sb.append('}').toString();
  }
}
