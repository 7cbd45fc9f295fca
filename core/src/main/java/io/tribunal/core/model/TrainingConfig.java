package io.tribunal.core.model;

import io.tribunal.core.commit.Domain;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.commit.Keccak;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Everything that determines a training run's trace: model, dataset (by id and OZ root), seed,
 * batch size, learning rate (as exact decimal text), steps n and checkpoint interval K.
 *
 * <p>configHash = keccak256(0x06 || keccak256(utf8 model) || datasetRoot || uint64 seed || uint32
 * batch || uint64 eta || uint64 n || uint64 K); the trace root binds it.
 */
public record TrainingConfig(
    MlpSpec model,
    String datasetId,
    Hash32 datasetRoot,
    long seed,
    int batch,
    String learningRate,
    long steps,
    long interval) {
  /** The checkpoint interval K the commands and the market use unless told otherwise. */
  public static final long DEFAULT_CHECKPOINT_INTERVAL = 250;

  /** The same model, data, seed, batch and learning rate, run for other n and K. */
  public TrainingConfig withRun(long steps, long interval) {
    return new TrainingConfig(
        model, datasetId, datasetRoot, seed, batch, learningRate, steps, interval);
  }

  public TrainingConfig {
    if (seed < 0) {
      throw new IllegalArgumentException("seed must be >= 0, got " + seed);
    }
    if (batch < 1 || batch > 1 << 16) {
      throw new IllegalArgumentException("batch must be in [1, 65536], got " + batch);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, got " + steps);
    }
    if (interval < 1) {
      throw new IllegalArgumentException("checkpoint interval must be >= 1, got " + interval);
    }
    eta(learningRate, batch);
  }

  /** eta = floor(lr * 2^24 / batch + 1/2), exactly; must be in [0, 2^31). */
  public static long eta(String learningRate, int batch) {
    BigDecimal lr;
    try {
      lr = new BigDecimal(learningRate);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("learning rate '" + learningRate + "' is not a number");
    }
    if (lr.signum() <= 0) {
      throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
    }
    BigDecimal twice = lr.multiply(BigDecimal.valueOf(1L << 25)).add(BigDecimal.valueOf(batch));
    BigDecimal eta = twice.divide(BigDecimal.valueOf(2L * batch), 0, RoundingMode.FLOOR);
    if (eta.signum() == 0 || eta.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(
          "learning rate " + learningRate + " / batch " + batch + " is outside (2^-25, 128)");
    }
    return eta.longValueExact();
  }

  public long eta() {
    return eta(learningRate, batch);
  }

  public Hash32 configHash() {
    Hash32 model = Keccak.hash(this.model.canonical().getBytes(StandardCharsets.UTF_8));
    return Keccak.packer(97)
        .u8(Domain.CONFIG)
        .hash(model)
        .hash(datasetRoot)
        .u64(seed)
        .u32(batch)
        .u64(eta())
        .u64(steps)
        .u64(interval)
        .keccak();
  }
}
