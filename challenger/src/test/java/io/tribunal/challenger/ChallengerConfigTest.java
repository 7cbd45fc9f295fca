package io.tribunal.challenger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tribunal.node.config.ConfigException;
import io.tribunal.node.config.ConfigReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChallengerConfigTest {
  @TempDir Path dir;

  @Test
  void listsEveryMissingRequiredFieldInOneError() {
    assertThatThrownBy(() -> ChallengerConfig.read(ConfigReader.parse(dir, "rpcUrl: http://x\n")))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .contains(
                        "deployment: missing (required)",
                        "keystore: missing (required)",
                        "dataDir: missing (required)"));
  }

  @Test
  void rejectsAnUnknownReplayModeAndOutOfRangeNumbers() {
    String yaml =
        """
        deployment: d.json
        keystore: k.json
        dataDir: data
        replay: some
        samples: 0
        models: [{spec: "cnn:1-2"}]
        """;
    assertThatThrownBy(() -> ChallengerConfig.read(ConfigReader.parse(dir, yaml)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("replay: must be 'sample' or 'all', not 'some'")
        .hasMessageContaining("samples")
        .hasMessageContaining("models");
  }

  @Test
  void defaultsToEightSamplesAndResolvesPathsAgainstTheConfigFile() {
    String yaml = "deployment: d.json\nkeystore: k.json\ndataDir: data\nreplay: all\n";
    ChallengerConfig c = ChallengerConfig.read(ConfigReader.parse(dir, yaml));
    assertThat(c.replay()).isEqualTo(ChallengerConfig.Replay.ALL);
    assertThat(c.samples()).isEqualTo(8);
    assertThat(c.daemon().dataDir()).isEqualTo(dir.resolve("data"));
    assertThat(c.datasetCache()).isEqualTo(dir.resolve("data").resolve("datasets"));
    assertThat(c.hyperParams())
        .containsExactly(new io.tribunal.node.config.TrainingOffers.HyperParams(32, "0.1"));
  }
}
