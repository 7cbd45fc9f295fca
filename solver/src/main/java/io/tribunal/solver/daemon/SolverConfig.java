package io.tribunal.solver.daemon;

import io.tribunal.node.config.ConfigReader;
import io.tribunal.node.config.DaemonConfig;
import io.tribunal.node.config.TrainingOffers;
import io.tribunal.protocol.dispute.cheat.Cheat;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code solver.yaml}: the common daemon settings plus the solver's stake, claim policy, the
 * hyper-parameter sets it offers, training settings, its HTTP server (checkpoints, relay and paid
 * inference) and an optional cheat (demo and tests only). See docs/operators.md for every field.
 */
public record SolverConfig(
    DaemonConfig daemon,
    BigInteger stake,
    Policy policy,
    List<TrainingOffers.HyperParams> offers,
    List<String> models,
    Training training,
    Http http,
    boolean relay,
    Inference inference,
    Optional<Cheat.Configured> cheat,
    Path datasetCache,
    boolean dataBlobs) {

  /**
   * Which jobs to claim. {@code trainingThroughput} is the multiply-accumulates per second this
   * machine sustains for sure (default: the market's own floor), used to refuse jobs it could not
   * finish by their commit deadline.
   */
  public record Policy(
      long maxParameters,
      BigInteger minPrice,
      BigInteger collateralBudget,
      long trainingThroughput) {}

  /** A hyper-parameter set the solver trains: batch size and learning rate. */

  /** Training settings: threads, checkpoint interval K, progress log period, fsync. */
  public record Training(int threads, int checkpointInterval, long progressEvery, boolean fsync) {}

  /** The checkpoint/relay HTTP server and the URL published on-chain ("" = http://host:port). */
  public record Http(String host, int port, String publicUrl) {}

  /**
   * Paid inference for the models this solver trained and JobMarket finalized, on the same HTTP
   * server (docs/inference.md). Amounts in token base units, margins and intervals in seconds.
   */
  public record Inference(
      boolean enabled,
      BigInteger pricePerMop,
      long safetyMarginSeconds,
      long closeMarginSeconds,
      BigInteger claimThreshold,
      Duration claimInterval,
      Duration tick) {}

  public static SolverConfig load(Path file) {
    return read(ConfigReader.load(file));
  }

  public static SolverConfig read(ConfigReader r) {
    DaemonConfig daemon = DaemonConfig.read(r);
    BigInteger stake = r.requireAmount("stake");
    ConfigReader p = r.section("policy");
    Policy policy =
        new Policy(
            p.longOr("maxParameters", 1_000_000, 1, Long.MAX_VALUE),
            p.optAmount("minPrice").orElse(BigInteger.ZERO),
            p.requireAmount("collateralBudget"),
            p.longOr(
                "trainingThroughput",
                io.tribunal.protocol.job.JobLimits.COMMIT_THROUGHPUT_FLOOR,
                1,
                Long.MAX_VALUE));
    List<TrainingOffers.HyperParams> offers = TrainingOffers.hyperParams(r);
    List<String> models = TrainingOffers.models(r);
    ConfigReader t = r.section("training");
    Training training =
        new Training(
            (int) t.longOr("threads", 1, 1, 256),
            (int) t.longOr("checkpointInterval", 250, 1, 65_535),
            t.longOr("progressEvery", 100, 1, Long.MAX_VALUE),
            t.boolOr("fsync", true));
    ConfigReader h = r.section("http");
    String host = h.optString("host").orElse("127.0.0.1");
    int port = (int) h.requireLong("port", 0, 65_535);
    String publicUrl = h.optString("publicUrl").orElse("");
    boolean relay = r.section("relay").boolOr("enabled", true);
    Inference inference = inference(r.section("inference"));
    Optional<Cheat.Configured> cheat = Optional.empty();
    if (r.has("cheat")) {
      ConfigReader c = r.section("cheat");
      String kind = c.requireString("kind");
      long step = c.longOr("step", 0, 0, Long.MAX_VALUE);
      try {
        cheat = Optional.of(Cheat.Configured.of(kind, step));
      } catch (IllegalArgumentException e) {
        c.problem("kind", e.getMessage());
      }
    }
    Path cache = r.optPath("datasetCache").orElse(daemon.dataDir().resolve("datasets"));
    // answer data demands in EIP-4844 blobs where the chain has them (calldata otherwise)
    boolean blobs = r.section("dataAvailability").boolOr("blobs", true);
    r.done();
    return new SolverConfig(
        daemon,
        stake,
        policy,
        offers,
        models,
        training,
        new Http(host, port, publicUrl),
        relay,
        inference,
        cheat,
        cache,
        blobs);
  }

  private static Inference inference(ConfigReader i) {
    long safety = i.longOr("safetyMarginSeconds", 1800, 2, 365L * 86_400);
    long close = i.longOr("closeMarginSeconds", 600, 1, 365L * 86_400);
    if (close >= safety) {
      i.problem(
          "closeMarginSeconds",
          "must be below safetyMarginSeconds ("
              + safety
              + "), so every accepted voucher is redeemed before expiry");
    }
    BigInteger threshold = i.optAmount("claimThreshold").orElse(BigInteger.valueOf(1_000_000));
    if (threshold.signum() == 0) {
      i.problem("claimThreshold", "must be > 0");
    }
    return new Inference(
        i.boolOr("enabled", true),
        i.optAmount("pricePerMop").orElse(BigInteger.valueOf(1_000)),
        safety,
        close,
        threshold,
        Duration.ofSeconds(i.longOr("claimIntervalSeconds", 3_600, 1, 365L * 86_400)),
        Duration.ofMillis(i.longOr("tickMillis", 2_000, 100, 3_600_000)));
  }
}
