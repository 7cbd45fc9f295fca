package io.tribunal.core.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.TrainingConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The run index in DIR/manifest.json: the config, every stored checkpoint (step, state hash,
 * content-addressed file) and, once training finished, the result. Lets a run restart from its
 * latest checkpoint and lets replay find the checkpoint below any step.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
    int version, Config config, List<CheckpointEntry> checkpoints, Result result) {
  public static final int VERSION = 1;

  public Manifest {
    checkpoints = List.copyOf(checkpoints);
  }

  public static Manifest start(TrainingConfig config) {
    return new Manifest(VERSION, Config.of(config), List.of(), null);
  }

  /** Adds (or replaces) the entry for a step; entries stay sorted by step. */
  public Manifest with(CheckpointEntry entry) {
    List<CheckpointEntry> list = new ArrayList<>(checkpoints);
    list.removeIf(e -> e.step() == entry.step());
    list.add(entry);
    list.sort(Comparator.comparingLong(CheckpointEntry::step));
    return new Manifest(version, config, list, result);
  }

  public Manifest withResult(Result r) {
    return new Manifest(version, config, checkpoints, r);
  }

  public Optional<CheckpointEntry> at(long step) {
    return checkpoints.stream().filter(e -> e.step() == step).findFirst();
  }

  /** The config as stored. */
  public record Config(
      String model,
      String datasetId,
      String datasetRoot,
      long seed,
      int batch,
      String learningRate,
      long steps,
      long interval,
      String configHash) {

    public static Config of(TrainingConfig c) {
      return new Config(
          c.model().canonical(),
          c.datasetId(),
          c.datasetRoot().hex(),
          c.seed(),
          c.batch(),
          c.learningRate(),
          c.steps(),
          c.interval(),
          c.configHash().hex());
    }

    public TrainingConfig toTrainingConfig() {
      return new TrainingConfig(
          MlpSpec.parse(model),
          datasetId,
          Hash32.fromHex(datasetRoot),
          seed,
          batch,
          learningRate,
          steps,
          interval);
    }
  }

  /** One stored checkpoint. */
  public record CheckpointEntry(long step, String stateHash, String file) {}

  /** Outcome of a finished run. */
  public record Result(
      String traceRoot, String finalStateHash, long heldOutCorrect, long heldOutTotal) {}
}
