package io.tribunal.explorer.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One request, parsed strictly: path segments of letters, digits, '.', '_' and '-' only, and a
 * query string of distinct {@code key=value} pairs, each known to the page. Anything else is a 400
 * (the explorer's URLs never need more).
 *
 * @param api true under {@code /api/}, where the answer is JSON
 * @param fragment true when the live script asks for the page's main content only
 */
record Request(List<String> segments, Map<String, String> query, boolean api, boolean fragment) {
  static final int MAX_PATH = 512;
  static final int MAX_QUERY = 1_024;

  static Request parse(String rawPath, String rawQuery, boolean fragment) throws HttpProblem {
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    if (path.length() > MAX_PATH || (rawQuery != null && rawQuery.length() > MAX_QUERY)) {
      throw HttpProblem.badRequest("the address is too long");
    }
    if (!path.startsWith("/")) {
      throw HttpProblem.badRequest("the path must start with '/'");
    }
    List<String> segments = new ArrayList<>();
    for (String s : path.substring(1).split("/", -1)) {
      if (s.isEmpty()) {
        continue;
      }
      if (!s.matches("[A-Za-z0-9._-]{1,100}") || s.equals(".") || s.equals("..")) {
        throw HttpProblem.badRequest("malformed path segment");
      }
      segments.add(s);
    }
    boolean api = !segments.isEmpty() && segments.get(0).equals("api");
    if (api) {
      segments.remove(0);
    }
    return new Request(List.copyOf(segments), query(rawQuery), api, fragment);
  }

  private static Map<String, String> query(String raw) throws HttpProblem {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw HttpProblem.badRequest("malformed query string: expected key=value pairs");
      }
      String key = decode(pair.substring(0, eq));
      String value = decode(pair.substring(eq + 1));
      if (!key.matches("[a-z]{1,20}")) {
        throw HttpProblem.badRequest("malformed query parameter name");
      }
      if (out.put(key, value) != null) {
        throw HttpProblem.badRequest("query parameter '" + key + "' given twice");
      }
    }
    return out;
  }

  private static String decode(String s) throws HttpProblem {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest("malformed percent-encoding in the query string");
    }
  }

  /** Rejects parameters the page does not know (a typo must not silently show everything). */
  void allowOnly(Set<String> known) throws HttpProblem {
    for (String k : query.keySet()) {
      if (!known.contains(k)) {
        throw HttpProblem.badRequest(
            "unknown query parameter '"
                + k
                + "' (this page knows "
                + String.join(", ", known)
                + ")");
      }
    }
  }

  Optional<String> param(String key) {
    return Optional.ofNullable(query.get(key)).filter(v -> !v.isEmpty());
  }

  /** The positive page number in {@code page} (1 when absent). */
  int page() throws HttpProblem {
    Optional<String> p = param("page");
    if (p.isEmpty()) {
      return 1;
    }
    if (!p.get().matches("[1-9][0-9]{0,5}")) {
      throw HttpProblem.badRequest("page must be a whole number from 1 to 999999");
    }
    return Integer.parseInt(p.get());
  }

  /** A lower-case 0x address, or a 400 naming {@code what}. */
  static String address(String value, String what) throws HttpProblem {
    if (!value.matches("0x[0-9a-fA-F]{40}")) {
      throw HttpProblem.badRequest(what + " must be an address: 0x and 40 hex digits");
    }
    return value.toLowerCase(java.util.Locale.ROOT);
  }

  /** A lower-case 0x 32-byte hash, or a 400 naming {@code what}. */
  static String hash(String value, String what) throws HttpProblem {
    if (!value.matches("0x[0-9a-fA-F]{64}")) {
      throw HttpProblem.badRequest(what + " must be 0x and 64 hex digits");
    }
    return value.toLowerCase(java.util.Locale.ROOT);
  }
}
