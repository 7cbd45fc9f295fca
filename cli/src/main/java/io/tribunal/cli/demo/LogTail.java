package io.tribunal.cli.demo;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the lines a daemon log gained since the last call that match a pattern. */
final class LogTail {
  private final Path file;
  private long offset;
  private String partial = "";

  LogTail(Path file) {
    this.file = file;
    try {
      this.offset = Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      this.offset = 0;
    }
  }

  /** The first group of {@code pattern} in each new complete line that matches it. */
  List<String> next(Pattern pattern) {
    List<String> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      if (len <= offset) {
        return out;
      }
      byte[] buf = new byte[(int) Math.min(len - offset, 4 << 20)];
      f.seek(offset);
      f.readFully(buf);
      offset += buf.length;
      String text = partial + new String(buf, StandardCharsets.UTF_8);
      int last = text.lastIndexOf('\n');
      partial = last < 0 ? text : text.substring(last + 1);
      if (last < 0) {
        return out;
      }
      for (String line : text.substring(0, last).split("\n")) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          out.add(m.groupCount() > 0 ? m.group(1) : m.group());
        }
      }
    } catch (IOException e) {
      // a log we cannot read only costs the progress lines
    }
    return out;
  }
}
