package io.tribunal.client.predict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.client.job.ModelCard;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * predict on a model folder as 'job result' writes it. The model is mlp:2-3-2 with weights chosen
 * so the logits can be worked out by hand: hidden = relu(x W1 + b1), logits = hidden W2 + b2.
 */
class PredictCommandTest {
  private static final int ONE = 65536;

  record Run(int exit, String out, String err) {}

  private static Run predict(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new PredictCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("error: " + e.getMessage());
          return 2;
        });
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Path modelFolder(Path dir) {
    // W1 (3x2, output by input): hidden0 = x0, hidden1 = x1, hidden2 = -x0 (ReLU zeroes it)
    Tensor w1 = Tensor.of(new int[][] {{ONE, 0}, {0, ONE}, {-ONE, 0}});
    Tensor b1 = Tensor.of(new int[][] {{0}, {0}, {0}});
    // W2 (2x3): logit0 = hidden0, logit1 = hidden1 + hidden2; b2 = (0, 0.125)
    Tensor w2 = Tensor.of(new int[][] {{ONE, 0, 0}, {0, ONE, ONE}});
    Tensor b2 = Tensor.of(new int[][] {{0}, {ONE / 8}});
    ModelState state = new ModelState(4, List.of(w1, b1, w2, b2));
    String name = CheckpointStore.open(dir, false).save(state);
    new ModelCard(
            "0x" + "ab".repeat(32),
            "mlp:2-3-2",
            "mnist",
            "0x" + "00".repeat(32),
            4,
            null,
            "not measured",
            "0x" + "01".repeat(32),
            "0x" + "02".repeat(32),
            "0x" + "03".repeat(20),
            "0x" + "04".repeat(20),
            "1",
            31337,
            "0x" + "05".repeat(20),
            name,
            "test")
        .writeTo(dir);
    return dir;
  }

  @Test
  void predictsEachRowFromDecimalsCsvAndQ16Integers(@TempDir Path dir) throws Exception {
    Path model = modelFolder(dir.resolve("model"));
    // row 1: x = (0.5, 0.25) -> logits (0.5, 0.375) -> class 0
    // row 2: x = (0.25, 0.5) -> logits (0.25, 0.625) -> class 1
    Path csv = Files.writeString(dir.resolve("in.csv"), "a,b\n0.5,0.25\n0.25,0.5\n");
    Run r = predict("--model", model.toString(), "--input", csv.toString(), "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("predictions")).hasSize(2);
    assertThat(doc.at("/predictions/0/class").asInt()).isZero();
    assertThat(doc.at("/predictions/0/logits/0").asInt()).isEqualTo(ONE / 2);
    assertThat(doc.at("/predictions/0/logits/1").asInt()).isEqualTo(3 * ONE / 8);
    assertThat(doc.at("/predictions/1/class").asInt()).isEqualTo(1);
    assertThat(doc.at("/predictions/1/logits/1").asInt()).isEqualTo(5 * ONE / 8);
    double p0 = doc.at("/predictions/1/probabilities/0").asDouble();
    double p1 = doc.at("/predictions/1/probabilities/1").asDouble();
    assertThat(p0 + p1).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(p1).isGreaterThan(p0);

    Path ints = Files.writeString(dir.resolve("in.json"), "[16384, 32768]");
    Run text = predict("--model", model.toString(), "--input", ints.toString());
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out()).startsWith("1: class 1 ");
  }

  @Test
  void badInputNamesTheProblem(@TempDir Path dir) throws Exception {
    Path model = modelFolder(dir.resolve("model"));
    Path wide = Files.writeString(dir.resolve("wide.json"), "[0.1, 0.2, 0.3]");
    Run r = predict("--model", model.toString(), "--input", wide.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("row 1 has 3 values; the model takes 2");
    Run none = predict("--model", dir.resolve("nope").toString(), "--input", wide.toString());
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("no such folder");
    Files.createDirectories(dir.resolve("empty"));
    Run empty = predict("--model", dir.resolve("empty").toString(), "--input", wide.toString());
    assertThat(empty.err()).contains("neither a model card");
  }

  @Test
  void theSpecFollowsTheParameterShapes() {
    assertThat(
            ModelCard.specOf(
                    List.of(
                        Tensor.zeros(16, 784), Tensor.zeros(16, 1),
                        Tensor.zeros(10, 16), Tensor.zeros(10, 1)))
                .canonical())
        .isEqualTo("mlp:784-16-10");
  }
}
