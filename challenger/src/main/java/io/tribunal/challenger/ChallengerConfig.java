package io.tribunal.challenger;

import io.tribunal.node.config.ConfigReader;
import io.tribunal.node.config.DaemonConfig;
import io.tribunal.node.config.TrainingOffers;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code challenger.yaml}: the common daemon settings, how much of each commitment to replay
 * ({@code replay: sample} with {@code samples} transitions, or {@code all} intervals), threads, and
 * the hyper-parameter sets and model specs it can recompute a job with when the solver's manifest
 * does not reveal them (a solver that withholds its data). See docs/operators.md.
 */
public record ChallengerConfig(
    DaemonConfig daemon,
    Replay replay,
    int samples,
    int threads,
    List<TrainingOffers.HyperParams> hyperParams,
    List<String> models,
    Path datasetCache) {

  /** How much of a commitment the challenger replays before deciding it is honest. */
  public enum Replay {
    /** {@code samples} transitions drawn from a per-challenger secret. */
    SAMPLE,
    /** Every checkpoint interval (all n steps). */
    ALL
  }

  /** A hyper-parameter set (batch, learning rate) the challenger may try. */
  public static ChallengerConfig load(Path file) {
    return read(ConfigReader.load(file));
  }

  public static ChallengerConfig read(ConfigReader r) {
    DaemonConfig daemon = DaemonConfig.read(r);
    Replay replay = Replay.SAMPLE;
    String mode = r.optString("replay").orElse("sample");
    try {
      replay = Replay.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      r.problem("replay", "must be 'sample' or 'all', not '" + mode + "'");
    }
    int samples = (int) r.longOr("samples", 8, 1, 10_000);
    int threads = (int) r.longOr("threads", 1, 1, 256);
    List<TrainingOffers.HyperParams> offers = TrainingOffers.hyperParams(r);
    List<String> models = TrainingOffers.models(r);
    Path cache = r.optPath("datasetCache").orElse(daemon.dataDir().resolve("datasets"));
    r.done();
    return new ChallengerConfig(daemon, replay, samples, threads, offers, models, cache);
  }
}
