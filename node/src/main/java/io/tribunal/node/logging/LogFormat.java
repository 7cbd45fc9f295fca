package io.tribunal.node.logging;

import java.util.Locale;

/**
 * The operator's choice of log format: {@code TRIBUNAL_LOG_FORMAT=json} (or {@code
 * -Dtribunal.log.format=json}) gives one JSON object per line; the default is slf4j-simple's
 * timestamped text. Call {@link #apply()} first thing in a main method, before anything logs.
 */
public final class LogFormat {
  private LogFormat() {}

  public static void apply() {
    String format = System.getProperty("tribunal.log.format", System.getenv("TRIBUNAL_LOG_FORMAT"));
    if (format == null || format.isBlank() || format.equalsIgnoreCase("text")) {
      return;
    }
    if (!format.toLowerCase(Locale.ROOT).equals("json")) {
      System.err.println(
          "tribunal: warning: unknown log format '" + format + "' (json or text); using text");
      return;
    }
    System.setProperty("slf4j.provider", JsonLogProvider.class.getName());
    // SLF4J announces an explicitly chosen provider on stderr; that line would not be JSON
    System.setProperty("slf4j.internal.verbosity", "WARN");
  }
}
