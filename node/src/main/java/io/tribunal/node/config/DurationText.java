package io.tribunal.node.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as config files write them: a whole number and a unit, {@code 500ms 2s 5m 1h}. */
final class DurationText {
  private static final Pattern FORM = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private DurationText() {}

  static Duration parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("expected e.g. 500ms, 2s, 5m or 1h");
    }
    long v = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(v);
      case "s" -> Duration.ofSeconds(v);
      case "m" -> Duration.ofMinutes(v);
      default -> Duration.ofHours(v);
    };
  }
}
