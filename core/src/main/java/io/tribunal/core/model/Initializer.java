package io.tribunal.core.model;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.tensor.Tensor;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Initial parameters as a pure function of the seed (He-uniform weights, zero biases).
 *
 * <p>Weight element e (row-major) of parameter p uses word = KeccakRng(seed, TAG_INIT, p, e / 8)
 * and its 4-byte big-endian lane u = bytes[4*(e%8) .. 4*(e%8)+4) as uint32; c = (u >> 16) - 32768;
 * w = roundShift(c * A, 15) with amplitude A = isqrt(floor(6 * 2^32 / fanIn)) (Q16.16 of sqrt(6 /
 * fanIn), rounded down). So w lies in [-A, A).
 */
public final class Initializer {
  private Initializer() {}

  public static List<Tensor> initialParameters(MlpSpec spec, long seed) {
    List<Tensor> params = new ArrayList<>();
    for (int l = 1; l <= spec.layers(); l++) {
      int fanIn = spec.widths().get(l - 1);
      int out = spec.widths().get(l);
      params.add(weights(seed, 2L * (l - 1), out, fanIn));
      params.add(Tensor.zeros(out, 1));
    }
    return params;
  }

  public static long amplitude(int fanIn) {
    long radicand = (6L << 32) / fanIn;
    return BigInteger.valueOf(radicand).sqrt().longValueExact();
  }

  static Tensor weights(long seed, long paramIndex, int rows, int cols) {
    return heUniform(seed, paramIndex, rows, cols, cols);
  }

  /**
   * A rows x cols He-uniform tensor for parameter {@code paramIndex} (its position in state order)
   * with amplitude {@link #amplitude}(fanIn): the rule above with the fan-in given explicitly (an
   * MLP weight's fan-in is its column count).
   */
  public static Tensor heUniform(long seed, long paramIndex, int rows, int cols, int fanIn) {
    if (fanIn < 1) {
      throw new IllegalArgumentException("fan-in must be positive, got " + fanIn);
    }
    long amp = amplitude(fanIn);
    int[][] w = new int[rows][cols];
    byte[] word = null;
    long total = (long) rows * cols;
    for (long e = 0; e < total; e++) {
      int lane = (int) (e & 7);
      if (lane == 0) {
        word = KeccakRng.word(seed, KeccakRng.TAG_INIT, paramIndex, e >>> 3).bytes();
      }
      long u =
          ((word[4 * lane] & 0xFFL) << 24)
              | ((word[4 * lane + 1] & 0xFFL) << 16)
              | ((word[4 * lane + 2] & 0xFFL) << 8)
              | (word[4 * lane + 3] & 0xFFL);
      long c = (u >>> 16) - 32768;
      w[(int) (e / cols)][(int) (e % cols)] = (int) Fixed.roundShift(c * amp, 15);
    }
    return Tensor.wrap(cols, w);
  }
}
