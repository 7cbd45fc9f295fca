package io.tribunal.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.cli.TribunalCli;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.data.DatasetCommitment;
import io.tribunal.core.data.DatasetSplit;
import io.tribunal.core.data.MobyDickNpm;
import io.tribunal.core.tensor.Parallel;
import io.tribunal.protocol.graph.GraphTraining;
import io.tribunal.protocol.graph.OpGraph;
import io.tribunal.protocol.layout.NpmLocator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tribunal train} on op-graph presets and {@code tribunal generate}: a tiny character model
 * trained through the real command, resumed, and sampled from; LeNet-5 for two steps; and the usage
 * errors, which leave nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphTrainGenerateTest {
  private static final String GPT = "gpt:1-16-2-8";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path model;
  private JsonNode trained;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = TribunalCli.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static List<String> gptArgs(Path out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--model",
                GPT,
                "--dataset",
                "moby-dick:8",
                "--steps",
                "5",
                "--batch",
                "2",
                "--interval",
                "2",
                "--seed",
                "3",
                "--out",
                out.toString(),
                "--json"));
    args.addAll(List.of(extra));
    return args;
  }

  private static JsonNode json(Run r) throws IOException {
    assertThat(r.exit()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  @BeforeAll
  void trainOnce(@TempDir Path shared) throws IOException {
    model = shared.resolve("gpt");
    trained = json(run(gptArgs(model, "--threads", "2").toArray(String[]::new)));
  }

  @Test
  void theCommandCommitsWhatGraphTrainingCommits() {
    assertThat(trained.path("finished").asBoolean()).isTrue();
    DatasetSplit data = MobyDickNpm.load("moby-dick:8", NpmLocator.packages());
    try (Parallel parallel = Parallel.of(2)) {
      Hash32 root = DatasetCommitment.of(data.train(), parallel).root();
      OptimizerSpec adamw = OptimizerSpec.adamw("0.002", 50, "0.999", "0.0001");
      OpGraph graph = GraphModels.graph(GPT, data.train().classes(), adamw, 2, data.train().size());
      GraphTraining.Result expected =
          new GraphTraining(graph, data.train(), root, 3, 5, 2).run(parallel);
      assertThat(trained.path("traceRoot").asText()).isEqualTo(expected.traceRoot().hex());
      assertThat(trained.path("finalStateHash").asText())
          .isEqualTo(expected.finalStateHash().hex());
      assertThat(trained.path("graphRoot").asText()).isEqualTo(graph.root().hex());
      assertThat(trained.path("heldOutTotal").asLong()).isEqualTo(256 * 8);
    }
  }

  @Test
  void aHaltedRunResumesToTheSameTraceRoot() throws IOException {
    Path out = dir.resolve("resumed");
    JsonNode halted =
        json(run(gptArgs(out, "--threads", "1", "--halt-after", "3").toArray(String[]::new)));
    assertThat(halted.path("finished").asBoolean()).isFalse();
    assertThat(halted.path("lastStep").asLong()).isEqualTo(3);
    JsonNode resumed = json(run(gptArgs(out, "--threads", "3").toArray(String[]::new)));
    assertThat(resumed.path("resumedFrom").asLong()).isEqualTo(2);
    assertThat(resumed.path("traceRoot").asText()).isEqualTo(trained.path("traceRoot").asText());
    JsonNode again = json(run(gptArgs(out).toArray(String[]::new)));
    assertThat(again.path("traceRoot").asText()).isEqualTo(trained.path("traceRoot").asText());
  }

  @Test
  void aCorruptLatestCheckpointIsSkippedWhenResuming() throws IOException {
    Path out = dir.resolve("corrupt");
    json(run(gptArgs(out, "--halt-after", "4").toArray(String[]::new)));
    JsonNode manifest = JSON.readTree(out.resolve(GraphManifest.FILE).toFile());
    JsonNode latest = manifest.path("checkpoints").get(2);
    assertThat(latest.path("step").asLong()).isEqualTo(4);
    Path victim = out.resolve("checkpoints").resolve(latest.path("file").asText());
    Files.write(victim, new byte[] {1, 2, 3});
    Run r = run(gptArgs(out).toArray(String[]::new));
    assertThat(r.err()).contains("corrupt checkpoint file", victim.getFileName().toString());
    JsonNode resumed = json(r);
    assertThat(resumed.path("resumedFrom").asLong()).isEqualTo(2);
    assertThat(resumed.path("traceRoot").asText()).isEqualTo(trained.path("traceRoot").asText());
    try (Parallel parallel = Parallel.of(1)) {
      assertThat(TrainedGraph.load(out, parallel).manifest().checkpoints()).hasSize(4);
    }
    assertThat(Files.size(victim)).isGreaterThan(3);
  }

  @Test
  void aDirectoryOfAnotherRunIsRefused() {
    Run r = run(gptArgs(model, "--warmup", "10").toArray(String[]::new));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("holds a different run");
  }

  private Run generate(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("generate", "--model", model.toString(), "--prompt", "Call me Ishmael"));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  @Test
  void generateIsDeterministicAcrossThreadsAndRuns() {
    Run one = generate("--tokens", "24", "--threads", "1");
    assertThat(one.exit()).as(one.err()).isZero();
    String text = one.out().stripTrailing();
    assertThat(text.codePointCount(0, text.length())).isEqualTo(24);
    String vocabulary = MobyDickNpm.corpus(NpmLocator.packages()).decode(range(vocabularySize()));
    text.codePoints().forEach(c -> assertThat(vocabulary.indexOf(c)).isNotNegative());
    assertThat(generate("--tokens", "24", "--threads", "3").out()).isEqualTo(one.out());
    assertThat(generate("--tokens", "24", "--threads", "1").out()).isEqualTo(one.out());
    assertThat(generate("--tokens", "24", "--seed", "2").out()).isNotEqualTo(one.out());
  }

  @Test
  void shortAndLongPromptsAndJson() throws IOException {
    Run shortPrompt =
        run("generate", "--model", model.toString(), "--prompt", "a", "--tokens", "5");
    assertThat(shortPrompt.exit()).as(shortPrompt.err()).isZero();
    JsonNode j =
        json(
            run(
                "generate",
                "--model",
                model.toString(),
                "--prompt",
                "x".repeat(40),
                "--json",
                "--tokens",
                "6",
                "--temperature",
                "0"));
    assertThat(j.path("text").asText()).hasSize(6);
    assertThat(j.path("temperatureQ16").asLong()).isZero();
  }

  private static int[] range(int n) {
    int[] ids = new int[n];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
    }
    return ids;
  }

  private static int vocabularySize() {
    return MobyDickNpm.corpus(NpmLocator.packages()).vocabularySize();
  }

  @Test
  void generateRefusesBadInputWithExitTwo() throws IOException {
    byte[] manifest = Files.readAllBytes(model.resolve(GraphManifest.FILE));
    assertUsage(generate("--tokens", "0"), "--tokens");
    assertUsage(generate("--tokens", "-3"), "--tokens");
    assertUsage(generate("--temperature", "hot"), "--temperature");
    assertUsage(
        run("generate", "--model", model.toString(), "--prompt", "snow \u2603 and \u20ac"),
        "\u2603");
    assertUsage(
        run("generate", "--model", dir.resolve("absent").toString(), "--prompt", "a"),
        "no such directory");
    assertThat(dir.resolve("absent")).doesNotExist();
    assertUsage(run("generate", "--model", dir.toString(), "--prompt", "a"), "graph-manifest.json");
    assertThat(Files.readAllBytes(model.resolve(GraphManifest.FILE))).isEqualTo(manifest);
  }

  @Test
  void trainRefusesBadInputAndWritesNothing() {
    Path out = dir.resolve("never");
    assertUsage(
        run(
            "train",
            "--model",
            "gpt:1-16-2",
            "--dataset",
            "moby-dick:8",
            "--steps",
            "1",
            "--out",
            out.toString()),
        "unknown model spec");
    assertUsage(
        run(
            "train",
            "--model",
            "cnn:alexnet",
            "--dataset",
            "mnist",
            "--steps",
            "1",
            "--out",
            out.toString()),
        "unknown model spec");
    assertUsage(
        run(
            "train",
            "--model",
            GPT,
            "--dataset",
            "moby-dick:16",
            "--steps",
            "1",
            "--out",
            out.toString()),
        "has context 8");
    assertUsage(
        run("train", "--model", GPT, "--dataset", "mnist", "--steps", "1", "--out", out.toString()),
        "moby-dick:8");
    assertUsage(
        run(
            "train",
            "--model",
            GPT,
            "--dataset",
            "moby-dick:8",
            "--steps",
            "1",
            "--optimizer",
            "rmsprop",
            "--out",
            out.toString()),
        "--optimizer");
    assertThat(out).doesNotExist();
  }

  @Test
  void lenetTrainsAtBatchTwoIntoALoadableDirectory() throws IOException {
    Path out = dir.resolve("lenet");
    Run r =
        run(
            "train",
            "--model",
            "cnn:lenet5",
            "--dataset",
            "mnist",
            "--steps",
            "2",
            "--batch",
            "2",
            "--interval",
            "1",
            "--out",
            out.toString(),
            "--dataset-cache",
            TestDatasets.CACHE.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("trace root:", "SGD lr 0.1", "held-out accuracy:", "/2000 digits)");
    try (Parallel parallel = Parallel.of(1)) {
      TrainedGraph loaded = TrainedGraph.load(out, parallel);
      assertThat(loaded.manifest().checkpoints()).hasSize(3);
      assertThat(loaded.parameters()).isNotEmpty();
    }
    try (Stream<Path> files = Files.list(out.resolve("checkpoints"))) {
      assertThat(files.count()).isEqualTo(3);
    }
    assertUsage(run("generate", "--model", out.toString(), "--prompt", "a"), "not a character");
  }

  @Test
  void helpTeaches() {
    assertThat(run("train", "--help").out())
        .contains("--optimizer", "--warmup", "gpt:<layers>", "moby-dick:<context>");
    assertThat(run("generate", "--help").out())
        .contains("--temperature", "--seed", "--tokens", "every machine");
  }

  private static void assertUsage(Run r, String fragment) {
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("tribunal: error: ").contains(fragment);
  }
}
