package io.tribunal.core.data;

import io.tribunal.core.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * User datasets as CSV: a header row, one sample per line, a label column (named {@code label},
 * else the last column) holding class integers 0..C-1, every other column a decimal feature
 * converted exactly to Q16.16 ({@link DecimalParser#toFixed}). Split per class: the first floor(4/5
 * of the class) samples train, the rest are held out.
 */
public final class CsvDataset {
  public static final String LABEL_COLUMN = "label";

  private CsvDataset() {}

  public static DatasetSplit load(Path file) {
    Dataset all = loadAll(file);
    return DatasetSplit.byClass(all, size -> size * 4 / 5);
  }

  public static Dataset loadAll(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DatasetException("dataset file not found: " + file);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DatasetException("cannot read dataset " + file + ": " + e.getMessage(), e);
    }
    lines = lines.stream().filter(l -> !l.isBlank()).toList();
    if (lines.size() < 2) {
      throw new DatasetException("dataset " + file + " needs a header row and at least one sample");
    }
    String[] header = lines.get(0).split(",", -1);
    int labelCol = header.length - 1;
    for (int c = 0; c < header.length; c++) {
      if (header[c].trim().equalsIgnoreCase(LABEL_COLUMN)) {
        labelCol = c;
      }
    }
    int width = header.length - 1;
    int[][] rows = new int[lines.size() - 1][width];
    int[] labels = new int[rows.length];
    int classes = 0;
    for (int s = 0; s < rows.length; s++) {
      String[] cells = lines.get(s + 1).split(",", -1);
      int line = s + 2;
      if (cells.length != header.length) {
        throw new DatasetException(
            file + " line " + line + ": " + cells.length + " cells, header has " + header.length);
      }
      int k = 0;
      for (int c = 0; c < cells.length; c++) {
        if (c == labelCol) {
          labels[s] = parseLabel(file, line, cells[c]);
          classes = Math.max(classes, labels[s] + 1);
        } else {
          rows[s][k++] = parseFeature(file, line, cells[c]);
        }
      }
    }
    return new Dataset(file.getFileName().toString(), Tensor.wrap(width, rows), labels, classes);
  }

  private static int parseLabel(Path file, int line, String cell) {
    String t = cell.trim();
    if (!t.matches("[0-9]{1,6}")) {
      throw new DatasetException(
          file + " line " + line + ": label '" + t + "' is not a class number 0..999999");
    }
    return Integer.parseInt(t);
  }

  private static int parseFeature(Path file, int line, String cell) {
    try {
      return DecimalParser.toFixed(cell);
    } catch (DatasetException e) {
      throw new DatasetException(file + " line " + line + ": " + e.getMessage(), e);
    }
  }
}
