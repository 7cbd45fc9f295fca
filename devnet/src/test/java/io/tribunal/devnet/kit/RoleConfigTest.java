package io.tribunal.devnet.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RoleConfigTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final RoleLayout layout =
      new RoleLayout(
          Path.of("/tmp/roles"),
          Path.of("/tmp/deployment.json"),
          "http://127.0.0.1:8545",
          Path.of("/tmp/keys"),
          Path.of("/tmp/password.txt"),
          Path.of("/tmp/datasets"));

  @Test
  void writesTheCommonKeysOfEveryRole() throws Exception {
    JsonNode doc = YAML.readTree(layout.config("solver-1").yaml());

    assertThat(doc.get("deployment").asText()).isEqualTo("/tmp/deployment.json");
    assertThat(doc.get("rpcUrl").asText()).isEqualTo("http://127.0.0.1:8545");
    assertThat(doc.get("keystore").asText()).isEqualTo("/tmp/keys/solver-1.json");
    assertThat(doc.get("dataDir").asText()).isEqualTo("/tmp/roles/data/solver-1");
    assertThat(doc.get("pollInterval").asText()).isEqualTo("200ms");
  }

  @Test
  void nestsTheSolverSectionsAndKeepsBigAmountsExact() throws Exception {
    BigInteger stake = new BigInteger("200000000000000000000");
    String yaml =
        layout
            .config("solver-1")
            .solver(stake, RoleConfig.section("collateralBudget", 5), 9000, "mlp:784-16-10", 16, 4)
            .yaml();
    JsonNode doc = YAML.readTree(yaml);

    assertThat(doc.get("stake").bigIntegerValue()).isEqualTo(stake);
    assertThat(doc.at("/http/port").asInt()).isEqualTo(9000);
    assertThat(doc.at("/models/0/spec").asText()).isEqualTo("mlp:784-16-10");
    assertThat(doc.at("/training/fsync").asBoolean(true)).isFalse();
    assertThat(yaml).doesNotStartWith("---");
  }

  @Test
  void mergedKeysReplaceThoseAlreadySet() throws Exception {
    String yaml =
        layout
            .config("challenger-1")
            .with("replay", "sample")
            .merge("replay: all\ncheat: {kind: flip-matmul-element, step: 37}\n")
            .merge("  ")
            .yaml();
    JsonNode doc = YAML.readTree(yaml);

    assertThat(doc.get("replay").asText()).isEqualTo("all");
    assertThat(doc.at("/cheat/step").asInt()).isEqualTo(37);
  }

  @Test
  void rejectsASnippetThatIsNotAMapping() {
    assertThatThrownBy(() -> layout.config("x").merge("- a\n- b\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
