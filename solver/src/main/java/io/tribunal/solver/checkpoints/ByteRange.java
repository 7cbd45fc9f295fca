package io.tribunal.solver.checkpoints;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP byte range ({@code Range: bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}) resolved
 * against a file length. Multi-range requests are not supported (the whole file is served).
 */
public record ByteRange(long start, long endInclusive) {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  public long length() {
    return endInclusive - start + 1;
  }

  /** Empty when there is no (usable) header; throws when it is unsatisfiable (→ 416). */
  public static Optional<ByteRange> parse(String header, long fileLength) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = RANGE.matcher(header.strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return Optional.empty();
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0 || fileLength == 0) {
          throw new Unsatisfiable();
        }
        return Optional.of(new ByteRange(Math.max(0, fileLength - suffix), fileLength - 1));
      }
      long start = Long.parseLong(m.group(1));
      long end = m.group(2).isEmpty() ? fileLength - 1 : Long.parseLong(m.group(2));
      if (start >= fileLength || end < start) {
        throw new Unsatisfiable();
      }
      return Optional.of(new ByteRange(start, Math.min(end, fileLength - 1)));
    } catch (NumberFormatException e) {
      throw new Unsatisfiable();
    }
  }

  /** The range cannot be served for this file (HTTP 416). */
  public static final class Unsatisfiable extends RuntimeException {
    public Unsatisfiable() {
      super("range not satisfiable");
    }
  }
}
