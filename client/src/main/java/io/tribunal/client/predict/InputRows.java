package io.tribunal.client.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Model inputs from a file, as Q16.16 rows (the engine's numbers), for {@code predict} and {@code
 * infer}. Three forms:
 *
 * <ul>
 *   <li>JSON integers, {@code [0, 32768, …]} or {@code {"input": […]}}: already Q16.16 (65536 =
 *       1.0);
 *   <li>JSON decimals, {@code [0.0, 0.5, …]} (any value written with a point or an exponent makes
 *       the whole row decimal), or several rows {@code [[…], […]]};
 *   <li>CSV ({@code .csv}, or text that is not JSON): one example per line, comma-separated
 *       decimals; a first line that is not numeric is a header, and a column named {@code label} is
 *       dropped.
 * </ul>
 *
 * Decimals become Q16.16 by one rule: value × 65536, rounded half away from zero, parsed exactly
 * (no binary floating point), so {@code 0.5} is 32768 on every machine.
 */
public final class InputRows {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigDecimal ONE = BigDecimal.valueOf(65536);

  private InputRows() {}

  /**
   * Rows of {@code file} (or stdin for "-"), each checked to have {@code width} values ({@code 0}:
   * any width, the same for every row; the server checks it).
   */
  public static List<int[]> read(String file, int width) {
    String text;
    try {
      byte[] raw = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
      text = new String(raw, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--input " + file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --input " + file + ": " + e.getMessage());
    }
    List<int[]> rows = parse(text, file.toLowerCase(Locale.ROOT).endsWith(".csv"));
    int want = width > 0 ? width : rows.get(0).length;
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).length != want) {
        throw new IllegalArgumentException(
            "--input row "
                + (i + 1)
                + " has "
                + rows.get(i).length
                + " values; the model takes "
                + width);
      }
    }
    return rows;
  }

  /** Parses {@code text} as JSON (unless {@code csv}, or it is not JSON) or CSV. */
  public static List<int[]> parse(String text, boolean csv) {
    String t = text.strip();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("--input is empty");
    }
    if (!csv && (t.startsWith("[") || t.startsWith("{"))) {
      return json(t);
    }
    return csv(t);
  }

  private static List<int[]> json(String text) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("--input is not valid JSON: " + firstLine(e));
    }
    JsonNode arr = n.isObject() ? n.get("input") : n;
    if (arr == null || !arr.isArray() || arr.isEmpty()) {
      throw new IllegalArgumentException(
          "--input must be a JSON array of numbers, an array of such arrays, or {\"input\": [...]}");
    }
    List<int[]> rows = new ArrayList<>();
    if (arr.get(0).isArray()) {
      for (JsonNode row : arr) {
        rows.add(jsonRow(row, rows.size() + 1));
      }
    } else {
      rows.add(jsonRow(arr, 1));
    }
    return rows;
  }

  private static int[] jsonRow(JsonNode row, int number) {
    if (!row.isArray() || row.isEmpty()) {
      throw new IllegalArgumentException("--input row " + number + " is not an array of numbers");
    }
    boolean decimal = false;
    for (JsonNode v : row) {
      if (!v.isNumber()) {
        throw new IllegalArgumentException(
            "--input row " + number + ": '" + v + "' is not a number");
      }
      decimal |= !v.isIntegralNumber();
    }
    int[] out = new int[row.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = row.get(i);
      out[i] = decimal ? q16(v.decimalValue(), number, i) : q16Integer(v, number, i);
    }
    return out;
  }

  private static int q16Integer(JsonNode v, int row, int col) {
    if (!v.canConvertToInt()) {
      throw new IllegalArgumentException(
          "--input row " + row + " value " + (col + 1) + " is not a 32-bit Q16.16 integer");
    }
    return v.intValue();
  }

  private static List<int[]> csv(String text) {
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    int labelColumn = -1;
    int first = 0;
    String[] head = lines.get(0).split(",", -1);
    if (!isNumber(head[0].strip())) {
      for (int c = 0; c < head.length; c++) {
        if (head[c].strip().equalsIgnoreCase("label")) {
          labelColumn = c;
        }
      }
      first = 1;
    }
    if (first >= lines.size()) {
      throw new IllegalArgumentException("--input CSV has a header and no rows");
    }
    List<int[]> rows = new ArrayList<>();
    for (int r = first; r < lines.size(); r++) {
      String[] cells = lines.get(r).split(",", -1);
      int[] out = new int[labelColumn >= 0 ? cells.length - 1 : cells.length];
      int k = 0;
      for (int c = 0; c < cells.length; c++) {
        if (c == labelColumn) {
          continue;
        }
        String cell = cells[c].strip();
        if (!isNumber(cell)) {
          throw new IllegalArgumentException(
              "--input line "
                  + (r + 1)
                  + " column "
                  + (c + 1)
                  + ": '"
                  + cell
                  + "' is not a number");
        }
        if (k >= out.length) {
          throw new IllegalArgumentException("--input line " + (r + 1) + " has too many columns");
        }
        out[k++] = q16(new BigDecimal(cell), rows.size() + 1, k);
      }
      rows.add(out);
    }
    return rows;
  }

  /** {@code value} × 65536, rounded half away from zero; refused outside the Q16.16 range. */
  static int q16(BigDecimal value, int row, int col) {
    BigDecimal scaled = value.multiply(ONE).setScale(0, RoundingMode.HALF_UP);
    if (scaled.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0
        || scaled.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(
          "--input row " + row + " value " + (col + 1) + " (" + value + ") is outside Q16.16");
    }
    return scaled.intValueExact();
  }

  private static boolean isNumber(String s) {
    return s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
