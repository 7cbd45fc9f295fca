package io.tribunal.solver.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.node.config.ConfigException;
import io.tribunal.node.config.ConfigReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SolverConfigTest {
  @TempDir Path dir;

  @Test
  void listsEveryMissingRequiredFieldInOneError() {
    assertThatThrownBy(() -> SolverConfig.read(ConfigReader.parse(dir, "rpcUrl: http://x\n")))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .contains(
                        "deployment: missing (required)",
                        "keystore: missing (required)",
                        "dataDir: missing (required)",
                        "stake: missing (required)",
                        "policy.collateralBudget: missing (required)",
                        "http.port: missing (required)"));
  }

  @Test
  void rejectsWrongTypesAndUnknownCheats() {
    String yaml =
        """
        deployment: d.json
        keystore: k.json
        dataDir: data
        stake: lots
        policy: {collateralBudget: 100}
        http: {port: 99999}
        pollInterval: soon
        cheat: {kind: steal-everything}
        """;
    assertThatThrownBy(() -> SolverConfig.read(ConfigReader.parse(dir, yaml)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("stake: must be a non-negative integer amount")
        .hasMessageContaining("http.port: must be in [0, 65535]")
        .hasMessageContaining("pollInterval")
        .hasMessageContaining("cheat.kind: unknown cheat 'steal-everything'");
  }

  @Test
  void misspelledKeysAreErrorsWithTheClosestKnownKey() {
    String yaml =
        """
        deployment: d.json
        keystore: k.json
        dataDir: data
        stake: 1
        policy: {colateralBudget: 100, collateralBudget: 100}
        http: {port: 8600, hots: 0.0.0.0}
        pollIntervall: 1s
        models: [{spec: "mlp:784-16-10", spce: x}]
        """;
    assertThatThrownBy(() -> SolverConfig.read(ConfigReader.parse(dir, yaml)))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .contains(
                        "policy.colateralBudget: unknown key (did you mean 'collateralBudget'?)",
                        "http.hots: unknown key (did you mean 'host'?)",
                        "pollIntervall: unknown key (did you mean 'pollInterval'?)",
                        "models[0].spce: unknown key (did you mean 'spec'?)"));
  }

  @Test
  void aTildeIsTheHomeDirectory() {
    String yaml =
        """
        deployment: ~/tribunal/d.json
        keystore: k.json
        dataDir: data
        stake: 1
        policy: {collateralBudget: 100}
        http: {port: 8600}
        """;
    SolverConfig c = SolverConfig.read(ConfigReader.parse(dir, yaml));
    assertThat(c.daemon().deploymentFile())
        .isEqualTo(Path.of(System.getProperty("user.home"), "tribunal", "d.json"));
  }

  @Test
  void readsAValidConfigWithRelativePathsAgainstItsDirectory() {
    String yaml =
        """
        deployment: d.json
        keystore: keys/solver.json
        dataDir: data
        stake: 200000000
        policy: {collateralBudget: 1000000000, minPrice: 1}
        http: {port: 0}
        hyperParams: [{batch: 16, lr: "0.05"}]
        training: {checkpointInterval: 16}
        cheat: {kind: flip-matmul-element, step: 5}
        """;
    SolverConfig c = SolverConfig.read(ConfigReader.parse(dir, yaml));
    assertThat(c.daemon().key().keystore()).isEqualTo(dir.resolve("keys/solver.json"));
    assertThat(c.offers())
        .containsExactly(new io.tribunal.node.config.TrainingOffers.HyperParams(16, "0.05"));
    assertThat(c.training().checkpointInterval()).isEqualTo(16);
    assertThat(c.cheat()).isPresent();
  }

  @Test
  void paidInferenceIsOnByDefaultAndItsSettingsAreChecked() {
    String base =
        """
        deployment: d.json
        keystore: k.json
        dataDir: data
        stake: 1
        policy: {collateralBudget: 1}
        http: {port: 0}
        """;
    SolverConfig.Inference dflt = SolverConfig.read(ConfigReader.parse(dir, base)).inference();
    assertThat(dflt.enabled()).isTrue();
    assertThat(dflt.pricePerMop()).isEqualTo(1_000);
    assertThat(dflt.closeMarginSeconds()).isLessThan(dflt.safetyMarginSeconds());

    SolverConfig.Inference set =
        SolverConfig.read(
                ConfigReader.parse(
                    dir,
                    base
                        + "inference: {enabled: false, pricePerMop: 5, safetyMarginSeconds: 90,"
                        + " closeMarginSeconds: 30, claimThreshold: 7, claimIntervalSeconds: 60}\n"))
            .inference();
    assertThat(set.enabled()).isFalse();
    assertThat(set.pricePerMop()).isEqualTo(5);
    assertThat(set.claimThreshold()).isEqualTo(7);
    assertThat(set.claimInterval()).hasSeconds(60);

    String bad =
        base
            + "inference: {pricePerMop: cheap, closeMarginSeconds: 900, safetyMarginSeconds: 600}\n";
    assertThatThrownBy(() -> SolverConfig.read(ConfigReader.parse(dir, bad)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("inference.pricePerMop: must be a non-negative integer amount")
        .hasMessageContaining("inference.closeMarginSeconds: must be below safetyMarginSeconds");
  }
}
