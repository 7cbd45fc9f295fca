package io.tribunal.explorer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Request targets a stranger might send: the explorer's own paths with broken ids, traversal, stray
 * and broken percent-escapes, raw non-ASCII bytes, control characters, huge numbers, very long
 * segments and query strings with unknown, repeated, empty or garbled parameters. Seeded, so a
 * failure can be replayed. Never the event stream's path (it answers for minutes by design).
 */
final class MalformedRequests {
  private static final String[] BASES = {
    "/",
    "/jobs",
    "/jobs/",
    "/api/jobs",
    "/api/jobs/",
    "/games/",
    "/api/games/",
    "/solvers/",
    "/api/solvers/",
    "/models/",
    "/api/models/",
    "/channels",
    "/api/channels",
    "/network",
    "/api/network",
    "/static/",
    "/api/",
    "/api",
    "/games",
    "/solvers",
    "/models"
  };
  private static final String[] PIECES = {
    "..",
    "../..",
    "%2e%2e",
    "%2f",
    "%00",
    "%zz",
    "%",
    "%%",
    "%e2%82",
    "%c0%af",
    "0x",
    "0xZZ",
    "0x" + "f".repeat(63),
    "0x" + "a".repeat(65),
    "-1",
    "0",
    "99999999999999999999999",
    "1e9",
    "<script>alert(1)</script>",
    "'\"",
    ";",
    "|",
    "\\",
    "{}",
    "[]",
    "null",
    "NaN",
    "~",
    "//",
    "\u00e9",
    "\u2603",
    "\ud83d\ude00",
    "\t",
    "\u007f",
    "A".repeat(300),
    "jobs",
    "api",
    "static"
  };
  private static final String[] KEYS = {
    "status", "user", "solver", "model", "page", "state", "x", "", "STATUS", "page[]", "a b", "%zz"
  };

  private MalformedRequests() {}

  static List<byte[]> generate(int n, long seed) {
    Random rnd = new Random(seed);
    List<byte[]> out = new ArrayList<>(n);
    while (out.size() < n) {
      byte[] t = one(rnd);
      String s = new String(t, StandardCharsets.ISO_8859_1);
      if (s.toLowerCase(Locale.ROOT).contains("events")
          || s.contains(" ")
          || s.contains("\r")
          || s.contains("\n")
          || t.length == 0) {
        continue;
      }
      out.add(t);
    }
    return out;
  }

  private static byte[] one(Random rnd) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    String base = BASES[rnd.nextInt(BASES.length)];
    b.writeBytes(base.getBytes(StandardCharsets.UTF_8));
    int kind = rnd.nextInt(6);
    switch (kind) {
      case 0 -> b.writeBytes(piece(rnd).getBytes(StandardCharsets.UTF_8));
      case 1 -> {
        for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
          b.writeBytes(piece(rnd).getBytes(StandardCharsets.UTF_8));
          b.write('/');
        }
      }
      case 2 -> {
        for (int i = 0; i < 1 + rnd.nextInt(40); i++) {
          int c = rnd.nextInt(256);
          if (c > 0x20 && c != 0x7f && c != '?' && c != '#' && c != '%' && c < 0x80) {
            b.write(c);
          } else {
            b.writeBytes(String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII));
          }
        }
      }
      case 3 -> {
        for (int i = 0; i < 1 + rnd.nextInt(8); i++) {
          b.write(0x80 + rnd.nextInt(128)); // raw bytes that are not UTF-8
        }
      }
      default -> {}
    }
    if (kind >= 3 || rnd.nextBoolean()) {
      b.write('?');
      b.writeBytes(query(rnd).getBytes(StandardCharsets.UTF_8));
    }
    return b.toByteArray();
  }

  private static String piece(Random rnd) {
    return PIECES[rnd.nextInt(PIECES.length)];
  }

  private static String query(Random rnd) {
    StringBuilder q = new StringBuilder();
    int pairs = rnd.nextInt(5);
    for (int i = 0; i <= pairs; i++) {
      if (i > 0) {
        q.append(rnd.nextInt(10) == 0 ? "&&" : "&");
      }
      switch (rnd.nextInt(5)) {
        case 0 -> q.append(KEYS[rnd.nextInt(KEYS.length)]);
        case 1 -> q.append('=').append(piece(rnd));
        case 2 ->
            q.append(KEYS[rnd.nextInt(KEYS.length)]).append('=').append(piece(rnd)).append('=');
        default -> q.append(KEYS[rnd.nextInt(KEYS.length)]).append('=').append(piece(rnd));
      }
    }
    if (rnd.nextInt(20) == 0) {
      q.append("x=").append("9".repeat(2_000));
    }
    return q.toString();
  }
}
