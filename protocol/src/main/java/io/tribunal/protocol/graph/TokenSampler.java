package io.tribunal.protocol.graph;

import io.tribunal.core.fixed.Fixed;
import io.tribunal.core.fixed.FixedExp;
import io.tribunal.core.model.KeccakRng;
import java.math.BigInteger;

/**
 * Picks the next token from a row of Q16.16 logits with integer arithmetic only, so a model, a
 * prompt and a seed give the same text on every machine.
 *
 * <p>Temperature t (Q16.16, > 0): weight w_j = {@code FixedExp.expNonPositive(floor((z_j − max z) ·
 * 2^16 / t))} (the largest logit weighs exactly ONE, so the sum S ≥ ONE); u = uint256({@code
 * KeccakRng.word(seed, TAG_SAMPLE, position, 0)}) mod S; the token is the first j whose running sum
 * w_0 + … + w_j exceeds u. Temperature 0 is greedy: the largest logit, the lowest id on a tie.
 */
public final class TokenSampler {
  /** Generator tag of sampling words (after core's 1, initial weights, and 2, batch indices). */
  public static final long TAG_SAMPLE = 3;

  /** Largest temperature accepted: 100.0 in Q16.16. */
  public static final long MAX_TEMPERATURE = 100L << Fixed.FRAC_BITS;

  private TokenSampler() {}

  /** The token drawn at {@code position} of a generation with {@code seed}. */
  public static int sample(int[] logits, long temperature, long seed, long position) {
    if (logits.length == 0) {
      throw new IllegalArgumentException("no logits to sample from");
    }
    if (temperature < 0 || temperature > MAX_TEMPERATURE) {
      throw new IllegalArgumentException(
          "the temperature must be in [0, 100] (Q16.16 0.." + MAX_TEMPERATURE + ")");
    }
    int max = Integer.MIN_VALUE;
    int argmax = 0;
    for (int j = 0; j < logits.length; j++) {
      if (logits[j] > max) {
        max = logits[j];
        argmax = j;
      }
    }
    if (temperature == 0) {
      return argmax;
    }
    long[] weights = new long[logits.length];
    long sum = 0;
    for (int j = 0; j < logits.length; j++) {
      long scaled = Math.floorDiv(((long) logits[j] - max) << Fixed.FRAC_BITS, temperature);
      weights[j] = FixedExp.expNonPositive(scaled);
      sum += weights[j];
    }
    byte[] word = KeccakRng.word(seed, TAG_SAMPLE, position, 0).bytes();
    long u = new BigInteger(1, word).mod(BigInteger.valueOf(sum)).longValueExact();
    long running = 0;
    for (int j = 0; j < weights.length; j++) {
      running += weights[j];
      if (running > u) {
        return j;
      }
    }
    throw new IllegalStateException("unreachable: u < S");
  }
}
