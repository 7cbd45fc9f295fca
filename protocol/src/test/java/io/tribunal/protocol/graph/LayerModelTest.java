package io.tribunal.protocol.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.core.model.MlpSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LayerModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"mlp:784-128-10", "mlp:784-64-32-10", "mlp:2-2"})
  void anMlpLayerListCompilesToTheMlpGraphNodeForNode(String spec) {
    MlpSpec mlp = MlpSpec.parse(spec);
    OpGraph fromLayers = ModelFile.mlp(mlp).graph(32, 52429, 8000);
    OpGraph preset = MlpGraph.of(mlp, 32, 52429, 8000);
    assertThat(fromLayers.nodes()).isEqualTo(preset.nodes());
    assertThat(fromLayers.root()).isEqualTo(preset.root());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"input\": 784, \"layers\": [{\"dense\": 128}, \"relu\", {\"dense\": 10}]}",
      })
  void aModelFileReadsIntoTheSameGraph(String file) throws Exception {
    OpGraph g = ModelFile.read(JSON.readTree(file)).graph(32, 52429, 8000);
    assertThat(g.root())
        .isEqualTo(MlpGraph.of(MlpSpec.parse("mlp:784-128-10"), 32, 52429, 8000).root());
    assertThat(OpGraphValidator.problems(g)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[1, 2]|a model file is a mapping",
        "{\"input\": 0, \"layers\": [\"relu\"]}|'input' must be a positive integer",
        "{\"input\": 4}|'layers' must be a non-empty list",
        "{\"input\": 4, \"layers\": []}|'layers' must be a non-empty list",
        "{\"input\": 4, \"layers\": [\"tanh\"]}|layer 1: unknown layer 'tanh'",
        "{\"input\": 4, \"layers\": [{\"dense\": 0}]}|layer 1: 'dense' takes a width",
        "{\"input\": 4, \"layers\": [\"relu\", {\"conv\": 3}]}|layer 2: unknown layer 'conv'",
        "{\"input\": 4, \"layers\": [{\"dense\": 3, \"relu\": 1}]}|one layer per item",
        "{\"input\": 4, \"layers\": [\"relu\"], \"optimizer\": \"sgd\"}|unknown key 'optimizer'",
      })
  void badModelFilesSayWhatIsWrong(String file, String message) throws Exception {
    assertThatThrownBy(() -> ModelFile.read(JSON.readTree(file)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
