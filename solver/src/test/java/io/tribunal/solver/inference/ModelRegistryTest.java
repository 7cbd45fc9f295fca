package io.tribunal.solver.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.solver.TinyRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The models a server offers follow its directory: a run that finishes after start is served once a
 * request names it, an unfinished or corrupt run is not, and only finalized models are answered.
 */
class ModelRegistryTest {
  @TempDir Path dir;

  @Test
  void aRunThatFinishesAfterStartIsServedWhenARequestNamesIt() throws Exception {
    ModelRegistry registry = new ModelRegistry(dir, List.of(), hash -> true);
    assertThat(registry.all()).isEmpty();

    Bytes32 first = train(dir.resolve("0x01"), 7);
    Thread.sleep(ModelRegistry.RESCAN_EVERY.toMillis() + 50);
    assertThat(registry.require(first).hash()).isEqualTo(first);
    assertThat(registry.all()).extracting(ServedModel::hash).containsExactly(first);

    // an unfinished run (no result in its manifest) and a corrupt one are skipped, not fatal
    Files.createDirectories(dir.resolve("0x02"));
    Files.writeString(dir.resolve("0x02").resolve("manifest.json"), "{not json");
    Bytes32 second = train(dir.resolve("0x03"), 8);
    Thread.sleep(ModelRegistry.RESCAN_EVERY.toMillis() + 50);
    assertThat(registry.require(second).hash()).isEqualTo(second);
    assertThat(registry.all()).extracting(ServedModel::hash).contains(first, second).hasSize(2);

    assertThatThrownBy(() -> registry.require(Bytes32.keccakOf("nobody trained this")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("no model with hash");
  }

  /**
   * What a client discovering models does (GET /v1/models, /v1/health): it names no hash, so the
   * listing itself must pick up runs that finished after start.
   */
  @Test
  void aRunThatFinishesAfterStartIsListedWithoutARequestNamingIt() throws Exception {
    ModelRegistry registry = new ModelRegistry(dir, List.of(), hash -> true);
    assertThat(registry.all()).isEmpty();

    Bytes32 late = train(dir.resolve("0x01"), 7);
    Thread.sleep(ModelRegistry.RESCAN_EVERY.toMillis() + 50);
    assertThat(registry.all()).extracting(ServedModel::hash).containsExactly(late);
  }

  @Test
  void aCorruptRunDoesNotStopTheOthersFromBeingServedAtStart() throws Exception {
    Bytes32 good = train(dir.resolve("0x01"), 7);
    Files.createDirectories(dir.resolve("0x00"));
    Files.writeString(dir.resolve("0x00").resolve("manifest.json"), "{not json");
    ModelRegistry registry = new ModelRegistry(dir, List.of(), h -> true);
    assertThat(registry.all()).extracting(ServedModel::hash).containsExactly(good);
  }

  @Test
  void aModelTheChainHasNotFinalizedIsRefused() throws Exception {
    Bytes32 hash = train(dir.resolve("0x01"), 7);
    ModelRegistry registry = new ModelRegistry(dir, List.of(), h -> false);
    assertThatThrownBy(() -> registry.require(hash))
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo("model_not_finalized"));
  }

  /** A 4-step mlp:784-16-10 run on MNIST into {@code runDir}; its final state hash. */
  static Bytes32 train(Path runDir, long seed) throws Exception {
    return TinyRun.train(runDir, seed);
  }
}
