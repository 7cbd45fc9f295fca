package io.tribunal.node.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: every family has one
 * HELP and one TYPE line before its samples; names and labels are well formed; values parse; a
 * histogram has ascending cumulative buckets ending in {@code +Inf} equal to its {@code _count}.
 * {@link #parse} throws {@link IllegalArgumentException} naming the first offending line.
 */
public final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"");
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");

  private PrometheusText() {}

  /** One sample: its full name, labels and value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** Parses and checks {@code text}; returns the samples in order. */
  public static List<Sample> parse(String text) {
    Map<String, String> types = new HashMap<>();
    Map<String, Boolean> helped = new HashMap<>();
    List<Sample> out = new ArrayList<>();
    int n = 0;
    for (String line : text.split("\n", -1)) {
      n++;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
        String[] parts = line.substring(7).split(" ", 2);
        if (!NAME.matcher(parts[0]).matches()) {
          throw bad(n, line, "bad metric name");
        }
        if (line.startsWith("# HELP ")) {
          if (helped.put(parts[0], true) != null) {
            throw bad(n, line, "second HELP");
          }
        } else {
          if (parts.length < 2
              || !TYPES.contains(parts[1])
              || types.put(parts[0], parts[1]) != null) {
            throw bad(n, line, "bad or repeated TYPE");
          }
        }
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw bad(n, line, "not a sample");
      }
      String name = m.group(1);
      String family = familyOf(name, types);
      if (!types.containsKey(family) || !helped.containsKey(family)) {
        throw bad(n, line, "sample before its family's HELP and TYPE");
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        String body = m.group(2).substring(1, m.group(2).length() - 1);
        for (String pair :
            body.isEmpty() ? new String[0] : body.split(",(?=[a-zA-Z_][a-zA-Z0-9_]*=\")")) {
          Matcher l = LABEL.matcher(pair);
          if (!l.matches() || labels.put(l.group(1), l.group(2)) != null) {
            throw bad(n, line, "bad label " + pair);
          }
        }
      }
      double value;
      try {
        value =
            switch (m.group(3)) {
              case "+Inf" -> Double.POSITIVE_INFINITY;
              case "-Inf" -> Double.NEGATIVE_INFINITY;
              case "NaN" -> Double.NaN;
              default -> Double.parseDouble(m.group(3));
            };
      } catch (NumberFormatException e) {
        throw bad(n, line, "bad value");
      }
      if ("counter".equals(types.get(family)) && !(value >= 0)) {
        throw bad(n, line, "negative counter");
      }
      out.add(new Sample(name, labels, value));
    }
    checkHistograms(out, types);
    return out;
  }

  private static String familyOf(String name, Map<String, String> types) {
    for (String suffix : List.of("_bucket", "_sum", "_count")) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        if ("histogram".equals(types.get(base))) {
          return base;
        }
      }
    }
    return name;
  }

  private static void checkHistograms(List<Sample> samples, Map<String, String> types) {
    for (var e : types.entrySet()) {
      if (!e.getValue().equals("histogram")) {
        continue;
      }
      String base = e.getKey();
      double last = -1;
      double inf = -1;
      double count = -2;
      for (Sample s : samples) {
        if (s.name().equals(base + "_bucket")) {
          if (s.value() < last) {
            throw new IllegalArgumentException(base + ": buckets are not cumulative");
          }
          last = s.value();
          if ("+Inf".equals(s.labels().get("le"))) {
            inf = s.value();
          }
        } else if (s.name().equals(base + "_count")) {
          count = s.value();
        }
      }
      if (inf != count) {
        throw new IllegalArgumentException(base + ": +Inf bucket " + inf + " != _count " + count);
      }
    }
  }

  private static IllegalArgumentException bad(int n, String line, String why) {
    return new IllegalArgumentException("line " + n + " (" + why + "): " + line);
  }
}
