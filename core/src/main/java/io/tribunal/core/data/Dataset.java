package io.tribunal.core.data;

import io.tribunal.core.tensor.Tensor;

/**
 * A labelled dataset in the engine's value format: features are Q16.16 (one row per sample), labels
 * are plain class integers in [0, classes).
 *
 * <p>Invariant: features.rows() == labels.length and every label is in [0, classes).
 */
public final class Dataset {
  private final String id;
  private final Tensor features;
  private final int[] labels;
  private final int classes;

  public Dataset(String id, Tensor features, int[] labels, int classes) {
    if (features.rows() != labels.length) {
      throw new IllegalArgumentException(
          "dataset " + id + ": " + features.rows() + " samples but " + labels.length + " labels");
    }
    for (int label : labels) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException(
            "dataset " + id + ": label " + label + " outside [0, " + classes + ")");
      }
    }
    this.id = id;
    this.features = features;
    this.labels = labels.clone();
    this.classes = classes;
  }

  public String id() {
    return id;
  }

  public Tensor features() {
    return features;
  }

  public int size() {
    return labels.length;
  }

  public int width() {
    return features.cols();
  }

  public int classes() {
    return classes;
  }

  public int label(int i) {
    return labels[i];
  }

  /** Labels as an N x 1 tensor (the program's {@code data.y}). */
  public Tensor labelTensor() {
    int[][] rows = new int[labels.length][];
    for (int i = 0; i < labels.length; i++) {
      rows[i] = new int[] {labels[i]};
    }
    return Tensor.wrap(1, rows);
  }
}
