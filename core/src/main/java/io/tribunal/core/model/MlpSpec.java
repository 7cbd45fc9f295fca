package io.tribunal.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * An MLP classifier shape, parsed from {@code mlp:784-128-10}: input width, hidden widths, class
 * count. Hidden layers use ReLU; the output feeds softmax cross-entropy.
 */
public record MlpSpec(List<Integer> widths) {
  /** Widths above this are rejected to keep every dot product far from int64 overflow. */
  public static final int MAX_WIDTH = 1 << 16;

  public MlpSpec {
    widths = List.copyOf(widths);
    if (widths.size() < 2) {
      throw new IllegalArgumentException("an MLP needs an input and an output width");
    }
    for (int w : widths) {
      if (w < 1 || w > MAX_WIDTH) {
        throw new IllegalArgumentException("layer width must be in [1, " + MAX_WIDTH + "]: " + w);
      }
    }
    if (widths.get(widths.size() - 1) < 2) {
      throw new IllegalArgumentException("a classifier needs at least 2 classes");
    }
  }

  /** Parses {@code mlp:<in>-<hidden>...-<classes>}; IllegalArgumentException on anything else. */
  public static MlpSpec parse(String text) {
    String prefix = "mlp:";
    if (text == null || !text.startsWith(prefix)) {
      throw new IllegalArgumentException(
          "unknown model spec '" + text + "': expected mlp:<in>-<hidden>...-<classes>");
    }
    List<Integer> widths = new ArrayList<>();
    for (String part : text.substring(prefix.length()).split("-", -1)) {
      if (!part.matches("[0-9]{1,6}")) {
        throw new IllegalArgumentException(
            "unknown model spec '" + text + "': '" + part + "' is not a layer width");
      }
      widths.add(Integer.parseInt(part));
    }
    return new MlpSpec(widths);
  }

  /** Canonical text form; hashed into the config. */
  public String canonical() {
    StringBuilder sb = new StringBuilder("mlp:");
    for (int i = 0; i < widths.size(); i++) {
      sb.append(i == 0 ? "" : "-").append(widths.get(i));
    }
    return sb.toString();
  }

  public int layers() {
    return widths.size() - 1;
  }

  public int inputWidth() {
    return widths.get(0);
  }

  public int classes() {
    return widths.get(widths.size() - 1);
  }

  /** Parameter tensor names in state-hash order: W1, b1, W2, b2, ... */
  public List<String> parameterNames() {
    List<String> names = new ArrayList<>();
    for (int l = 1; l <= layers(); l++) {
      names.add("W" + l);
      names.add("b" + l);
    }
    return names;
  }

  @Override
  public String toString() {
    return canonical();
  }
}
