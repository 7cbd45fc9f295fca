package io.tribunal.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate JVMs at 1, 2 and 8 threads, and a run halted mid-way then resumed from its checkpoint in
 * a new JVM, all produce the same trace root and final state hash.
 */
class DeterminismAcrossJvmsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void separateJvmsAtAnyThreadCountAndAfterRestartAgreeOnTraceRootAndFinalState() throws Exception {
    TestDatasets.mnist(); // make sure the cache exists before the children start
    JsonNode one = train(tmp.resolve("t1"), 1, List.of());
    JsonNode two = train(tmp.resolve("t2"), 2, List.of());
    JsonNode eight = train(tmp.resolve("t8"), 8, List.of());
    JsonNode halted = train(tmp.resolve("restart"), 2, List.of("--halt-after", "21"));
    JsonNode resumed = train(tmp.resolve("restart"), 8, List.of());

    assertThat(one.get("finished").asBoolean()).isTrue();
    assertThat(halted.get("finished").asBoolean()).isFalse();
    assertThat(resumed.get("resumedFrom").asLong()).isEqualTo(16);
    for (JsonNode other : List.of(two, eight, resumed)) {
      assertThat(other.get("traceRoot").asText()).isEqualTo(one.get("traceRoot").asText());
      assertThat(other.get("finalStateHash").asText())
          .isEqualTo(one.get("finalStateHash").asText());
      assertThat(other.get("heldOutCorrect").asLong())
          .isEqualTo(one.get("heldOutCorrect").asLong());
    }
  }

  private static JsonNode train(Path out, int threads, List<String> extra)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "io.tribunal.cli.TribunalCli",
            "train",
            "--dataset",
            "mnist",
            "--model",
            "mlp:784-16-10",
            "--steps",
            "42",
            "--batch",
            "16",
            "--lr",
            "0.1",
            "--seed",
            "7",
            "--checkpoint-every",
            "8",
            "--out",
            out.toString(),
            "--threads",
            Integer.toString(threads),
            "--dataset-cache",
            TestDatasets.CACHE.toString(),
            "--json"));
    cmd.addAll(extra);
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] stdout = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String text = new String(stdout, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("exit code, stdout: %s", text).isZero();
    return JSON.readTree(text);
  }
}
