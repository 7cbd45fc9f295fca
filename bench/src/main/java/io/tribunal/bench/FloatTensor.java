package io.tribunal.bench;

/**
 * A row-major float32 matrix of real values, the float twin's tensor. BENCHMARK ONLY: never on the
 * committed computation path.
 */
public record FloatTensor(int rows, int cols, float[] v) {
  public FloatTensor {
    if (rows < 0 || cols < 0 || v.length != rows * cols) {
      throw new IllegalArgumentException(
          "a " + rows + "x" + cols + " tensor holds " + rows * cols + " values, got " + v.length);
    }
  }

  public static FloatTensor zeros(int rows, int cols) {
    return new FloatTensor(rows, cols, new float[rows * cols]);
  }

  public float get(int r, int c) {
    return v[r * cols + c];
  }

  public void set(int r, int c, float x) {
    v[r * cols + c] = x;
  }

  /** Largest absolute value (0 for an empty tensor). */
  public float maxAbs() {
    float m = 0;
    for (float x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }
}
