package io.tribunal.client.predict;

/**
 * Class probabilities for people to read: the softmax of Q16.16 logits, in double. Display only:
 * nothing the chain checks or a commitment covers ever goes through here.
 */
public final class Probabilities {
  private Probabilities() {}

  public static double[] of(int[] logitsQ16) {
    double max = Double.NEGATIVE_INFINITY;
    for (int l : logitsQ16) {
      max = Math.max(max, l / 65536.0);
    }
    double[] p = new double[logitsQ16.length];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logitsQ16[i] / 65536.0 - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.round(p[i] / sum * 1e4) / 1e4;
    }
    return p;
  }

  /** "7 (0.9812) 2 (0.0101) …" for the {@code top} most likely classes. */
  public static String describe(double[] p, int top) {
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < p.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order, (a, b) -> a.equals(b) ? 0 : p[b] != p[a] ? Double.compare(p[b], p[a]) : a - b);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(top, p.length); i++) {
      sb.append(i == 0 ? "" : "  ").append(order[i]).append(String.format(" (%.4f)", p[order[i]]));
    }
    return sb.toString();
  }
}
