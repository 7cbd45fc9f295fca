package io.tribunal.verifier;

import io.tribunal.node.config.ConfigReader;
import io.tribunal.node.config.DaemonConfig;
import java.math.BigInteger;
import java.nio.file.Path;

/**
 * {@code verifier.yaml}: the common daemon settings, the stake, how many transitions to sample per
 * job (k, 4 to 64: JobMarket's MIN_ATTEST_SAMPLES and MAX_ATTEST_SAMPLES), and the cheat fraction f
 * the detection probability P = 1 − (1 − f)^k is reported for.
 */
public record VerifierConfig(
    DaemonConfig daemon,
    BigInteger stake,
    int samples,
    double assumedCheatFraction,
    int threads,
    Path datasetCache) {

  public static VerifierConfig load(Path file) {
    return read(ConfigReader.load(file));
  }

  public static VerifierConfig read(ConfigReader r) {
    DaemonConfig daemon = DaemonConfig.read(r);
    BigInteger stake = r.requireAmount("stake");
    int samples = (int) r.longOr("samples", 8, 4, 64);
    double f = Double.parseDouble(r.decimalOr("assumedCheatFraction", "0.01"));
    if (f <= 0 || f > 1) {
      r.problem("assumedCheatFraction", "must be in (0, 1]");
    }
    int threads = (int) r.longOr("threads", 1, 1, 256);
    Path cache = r.optPath("datasetCache").orElse(daemon.dataDir().resolve("datasets"));
    r.done();
    return new VerifierConfig(daemon, stake, samples, f, threads, cache);
  }

  /** P = 1 − (1 − f)^k: the chance that k uniform samples hit a cheat covering a fraction f. */
  public static double detectionProbability(double f, int k) {
    return 1 - Math.pow(1 - f, k);
  }
}
