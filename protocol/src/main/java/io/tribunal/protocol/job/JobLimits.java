package io.tribunal.protocol.job;

import io.tribunal.core.model.MlpSpec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * What a job may ask for so that the dispute game can settle it, checked locally before anything is
 * signed or sent. The same limits run on chain at submission ({@code JobMarket.submitJob} calls the
 * game's {@code LeafVerifier.checkJob}); {@code JobLimitsIT} reads the contract's constants and
 * compares every figure here.
 *
 * <ul>
 *   <li>at most {@value #MAX_LAYERS} layers;
 *   <li>every width and the batch at most {@value #MAX_LEAF_WIDTH}: the dispute's leaf carries
 *       three rows of max(B, widest layer) int32s, which must fit the 128 KiB calldata limit common
 *       mempools apply and the 2^24 per-transaction gas cap (docs/contracts.md "Only settleable
 *       jobs");
 *   <li>a commit window (commitDeadline − claimDeadline) of at least {@value #MIN_COMMIT_WINDOW} s
 *       plus the job's multiply-accumulates at {@value #COMMIT_THROUGHPUT_FLOOR} per second.
 * </ul>
 */
public final class JobLimits {
  public static final int MAX_LAYERS = 7;
  public static final int MAX_LEAF_WIDTH = 10_240;
  public static final long MIN_COMMIT_WINDOW = 600;
  public static final long COMMIT_THROUGHPUT_FLOOR = 200_000_000L;

  private JobLimits() {}

  /** Multiply-accumulates of one training step: 3 · B · Σ w_{l−1} · w_l (as the contract). */
  public static BigInteger macsPerStep(MlpSpec spec, int batch) {
    BigInteger sum = BigInteger.ZERO;
    List<Integer> w = spec.widths();
    for (int i = 1; i < w.size(); i++) {
      sum = sum.add(BigInteger.valueOf((long) w.get(i - 1) * w.get(i)));
    }
    return sum.multiply(BigInteger.valueOf(3L * batch));
  }

  /** The shortest commit window, in seconds, the market accepts for this job. */
  public static BigInteger minCommitWindow(long steps, BigInteger macsPerStep) {
    return BigInteger.valueOf(MIN_COMMIT_WINDOW)
        .add(trainingSeconds(BigInteger.valueOf(steps), macsPerStep, COMMIT_THROUGHPUT_FLOOR));
  }

  /**
   * Seconds to train {@code steps} steps of {@code macsPerStep} at {@code macsPerSecond}, rounded
   * up.
   */
  public static BigInteger trainingSeconds(
      BigInteger steps, BigInteger macsPerStep, long macsPerSecond) {
    BigInteger rate = BigInteger.valueOf(macsPerSecond);
    return steps.multiply(macsPerStep).add(rate).subtract(BigInteger.ONE).divide(rate);
  }

  /**
   * Every reason the market would refuse this job, in words a user can act on; empty when it is
   * settleable. {@code commitWindow} is commitDeadline − claimDeadline in seconds.
   */
  public static List<String> problems(
      MlpSpec spec, JobHashes.HyperParams hp, long steps, long commitWindow) {
    List<String> out = new ArrayList<>();
    if (spec.layers() > MAX_LAYERS) {
      out.add(
          "the model has "
              + spec.layers()
              + " layers; the dispute game supports at most "
              + MAX_LAYERS);
    }
    List<Integer> w = spec.widths();
    for (int i = 0; i < w.size(); i++) {
      if (w.get(i) > MAX_LEAF_WIDTH) {
        out.add(
            "width "
                + w.get(i)
                + " (layer "
                + i
                + ") is wider than a dispute can prove in one transaction (at most "
                + MAX_LEAF_WIDTH
                + ")");
      }
    }
    if (hp.batch() > MAX_LEAF_WIDTH) {
      out.add(
          "batch "
              + hp.batch()
              + " is larger than a dispute can prove in one transaction (at most "
              + MAX_LEAF_WIDTH
              + ")");
    }
    if (steps < 1) {
      out.add("steps must be at least 1");
    }
    BigInteger required = minCommitWindow(Math.max(steps, 0), macsPerStep(spec, hp.batch()));
    if (BigInteger.valueOf(commitWindow).compareTo(required) < 0) {
      out.add(
          "the commit window is "
              + commitWindow
              + " s; a job of this size needs at least "
              + required
              + " s (--commit-window)");
    }
    return out;
  }

  /** Throws IllegalArgumentException naming every problem, if there is any. */
  public static void check(MlpSpec spec, JobHashes.HyperParams hp, long steps, long commitWindow) {
    List<String> p = problems(spec, hp, steps, commitWindow);
    if (!p.isEmpty()) {
      throw new IllegalArgumentException(
          "the market would refuse this job: " + String.join("; ", p));
    }
  }
}
