package io.tribunal.bench;

import java.util.Arrays;

/** Median and range of timed rounds. */
final class Stats {
  private Stats() {}

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  static double min(double[] v) {
    return Arrays.stream(v).min().orElseThrow();
  }

  static double max(double[] v) {
    return Arrays.stream(v).max().orElseThrow();
  }
}
