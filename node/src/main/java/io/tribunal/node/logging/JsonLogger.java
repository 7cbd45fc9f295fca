package io.tribunal.node.logging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One JSON object per line: {@code {"ts":"2026-12-03T10:53:07.977Z","level":"INFO",
 * "logger":"SolverDaemon","msg":"job 0x…: committed …"}}, plus {@code "error"} with the exception
 * when there is one. Level threshold and destination follow slf4j-simple's properties ({@code
 * org.slf4j.simpleLogger.defaultLogLevel}, {@code org.slf4j.simpleLogger.logFile}: System.err,
 * System.out or a file), so switching the format changes nothing else.
 */
final class JsonLogger extends LegacyAbstractLogger {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
  private static final PrintStream OUT = destination();
  private static final int THRESHOLD = threshold();

  private final String shortName;

  JsonLogger(String name) {
    this.name = name;
    this.shortName = name.substring(name.lastIndexOf('.') + 1);
  }

  /** The JSON line for one event (package-visible for tests). */
  static String line(
      OffsetDateTime ts, Level level, String logger, String message, Throwable error) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ts", TS.format(ts));
    m.put("level", level.name());
    m.put("logger", logger);
    m.put("msg", message);
    if (error != null) {
      m.put("error", error.toString());
    }
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    String msg = MessageFormatter.basicArrayFormat(pattern, arguments);
    String text = line(OffsetDateTime.now(ZoneOffset.UTC), level, shortName, msg, throwable);
    synchronized (OUT) {
      OUT.println(text);
      OUT.flush();
    }
  }

  private boolean on(Level level) {
    return level.toInt() >= THRESHOLD;
  }

  @Override
  public boolean isTraceEnabled() {
    return on(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return on(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return on(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return on(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return on(Level.ERROR);
  }

  private static int threshold() {
    String level = System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    try {
      return Level.valueOf(level.toUpperCase(Locale.ROOT)).toInt();
    } catch (IllegalArgumentException e) {
      return Level.INFO.toInt();
    }
  }

  private static PrintStream destination() {
    String target = System.getProperty("org.slf4j.simpleLogger.logFile", "System.err");
    if (target.equals("System.err")) {
      return System.err;
    }
    if (target.equals("System.out")) {
      return System.out;
    }
    try {
      return new PrintStream(new FileOutputStream(target, true), true, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return System.err;
    }
  }
}
