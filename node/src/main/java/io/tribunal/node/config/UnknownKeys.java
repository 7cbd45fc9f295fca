package io.tribunal.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The keys of a config file that nobody asked for, each with the closest known key at the same
 * level when it is close enough to be a misspelling (edit distance at most max(2, length / 3)).
 */
final class UnknownKeys {
  private final Set<String> seen;
  private final List<String> problems = new ArrayList<>();

  private UnknownKeys(Set<String> seen) {
    this.seen = seen;
  }

  /** One "key: unknown key (did you mean 'x'?)" line per unknown key under {@code at}. */
  static List<String> in(JsonNode root, String at, Set<String> seen) {
    UnknownKeys u = new UnknownKeys(seen);
    u.walk(root, at);
    return u.problems;
  }

  private void walk(JsonNode node, String at) {
    if (!node.isObject()) {
      return;
    }
    for (var it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      String full = at + key;
      if (!seen.contains(full)) {
        problems.add(full + ": unknown key" + suggestion(at, key));
        continue;
      }
      JsonNode child = node.get(key);
      if (child.isObject()) {
        walk(child, full + ".");
      } else if (child.isArray()) {
        for (int i = 0; i < child.size(); i++) {
          walk(child.get(i), full + "[" + i + "].");
        }
      }
    }
  }

  /** " (did you mean x?)" for the closest known key at the same level, if close. */
  private String suggestion(String at, String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : seen) {
      if (!known.startsWith(at) || known.substring(at.length()).contains(".")) {
        continue;
      }
      String candidate = known.substring(at.length());
      int d =
          distance(
              key.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance
          || (d == bestDistance && best != null && candidate.compareTo(best) < 0)) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 3)
        ? " (did you mean '" + best + "'?)"
        : "";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int[] cur = new int[b.length() + 1];
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      prev = cur;
    }
    return prev[b.length()];
  }
}
