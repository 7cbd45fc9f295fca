package io.tribunal.core.model;

import java.math.BigInteger;

/**
 * Batch indices as a pure function of (seed, step): index b of step t is uint256(KeccakRng(seed,
 * TAG_BATCH, t, b)) mod N (sampling with replacement), one keccak per index so the chain can
 * recompute any single one.
 */
public final class BatchSampler {
  private BatchSampler() {}

  public static int[] indices(long seed, long step, int batch, int datasetSize) {
    if (datasetSize < 1) {
      throw new IllegalArgumentException("cannot sample from an empty dataset");
    }
    BigInteger n = BigInteger.valueOf(datasetSize);
    int[] idx = new int[batch];
    for (int b = 0; b < batch; b++) {
      byte[] word = KeccakRng.word(seed, KeccakRng.TAG_BATCH, step, b).bytes();
      idx[b] = new BigInteger(1, word).mod(n).intValueExact();
    }
    return idx;
  }
}
