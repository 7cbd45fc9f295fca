package io.tribunal.cli.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.cli.TribunalCli;
import io.tribunal.core.model.MlpSpec;
import io.tribunal.core.model.TrainingConfig;
import io.tribunal.protocol.graph.MlpGraph;
import io.tribunal.protocol.graph.ModelPresets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GraphCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = TribunalCli.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void lenetAtASmallBatchIsSettleableAndPrintsItsRoot() {
    Run r = run("graph", "--model", "cnn:lenet5", "--batch", "4");
    assertThat(r.exit()).isZero();
    String root = ModelPresets.lenet5().graph(4, TrainingConfig.eta("0.1", 4), 8000).root().hex();
    assertThat(r.out())
        .contains("graph root   " + root)
        .contains("10 parameters (61,706 values)")
        .contains("conv2d x2")
        .contains("element reads")
        .contains("settleable   yes");
  }

  @Test
  void aBatchWhoseLeafIsTooWideIsNotSettleableAndSaysWhy() throws Exception {
    Run r = run("graph", "--model", "cnn:lenet5", "--batch", "32", "--json");
    assertThat(r.exit()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("settleable").asBoolean()).isFalse();
    assertThat(j.get("problems").get(0).asText()).contains("more than a leaf may carry");
  }

  @Test
  void aModelFileCompilesToTheSameGraphAsItsPreset() throws Exception {
    Path file = dir.resolve("model.yaml");
    Files.writeString(file, "input: 784\nlayers:\n  - dense: 128\n  - relu\n  - dense: 10\n");
    Run r = run("graph", "--model", file.toString(), "--json");
    assertThat(r.exit()).isZero();
    String root =
        MlpGraph.of(MlpSpec.parse("mlp:784-128-10"), 32, TrainingConfig.eta("0.1", 32), 8000)
            .root()
            .hex();
    assertThat(new ObjectMapper().readTree(r.out()).get("root").asText()).isEqualTo(root);
  }

  @Test
  void aTransformerCarriesItsAdamMomentsAsParameters() {
    Run r = run("graph", "--model", "gpt:1-16-2-8", "--batch", "2", "--nodes");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("adamw_update x")
        .contains("causal_softmax x1")
        .contains("param_zero");
  }

  @Test
  void badModelsAndFilesAreOneLineErrors() throws Exception {
    Run unknown = run("graph", "--model", "rnn:3");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown model 'rnn:3'");
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "input: 4\nlayers:\n  - conv: 3\n");
    Run badLayer = run("graph", "--model", bad.toString());
    assertThat(badLayer.exit()).isEqualTo(2);
    assertThat(badLayer.err()).contains("layer 1: unknown layer 'conv'");
    Path notYaml = dir.resolve("broken.yaml");
    Files.writeString(notYaml, "input: [4\n");
    Run broken = run("graph", "--model", notYaml.toString());
    assertThat(broken.exit()).isEqualTo(2);
    assertThat(broken.err()).contains("is not valid YAML");
    Run gpt = run("graph", "--model", "gpt:2-66-4-64");
    assertThat(gpt.exit()).isEqualTo(2);
    assertThat(gpt.err()).contains("must split into 4 heads");
    Run zero = run("graph", "--model", "cnn:lenet5", "--batch", "0");
    assertThat(zero.exit()).isEqualTo(2);
  }
}
