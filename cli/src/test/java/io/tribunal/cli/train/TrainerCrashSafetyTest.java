package io.tribunal.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.core.model.ModelState;
import io.tribunal.core.store.CheckpointStore;
import io.tribunal.core.store.Manifest;
import io.tribunal.core.tensor.Parallel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a training JVM while the background writer stores a checkpoint every step: after each
 * kill the manifest names only complete files that hash to their entries, and the resumed run ends
 * with the trace root and final state of an uninterrupted run.
 */
class TrainerCrashSafetyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void killedMidWriteLeavesAManifestOfIntactFilesAndResumesToTheSameResult() throws Exception {
    TestDatasets.mnist();
    JsonNode reference =
        JSON.readTree(run(tmp.resolve("reference")).getInputStream().readAllBytes());
    Path out = tmp.resolve("crashed");
    CheckpointStore store = CheckpointStore.open(out, false);
    SplittableRandom random = new SplittableRandom(3);
    long listedBefore = -1;
    for (int kill = 0; kill < 3; kill++) {
      Process p = run(out);
      long waitFor = listedBefore + 5;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (lastListed(store) < waitFor && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(random.nextInt(40));
      p.destroyForcibly().waitFor();
      Manifest m = store.readManifest().orElseThrow();
      for (Manifest.CheckpointEntry e : m.checkpoints()) {
        ModelState s = store.load(e.file()); // throws if missing, partial or modified
        assertThat(s.step()).isEqualTo(e.step());
        assertThat(s.hash(Parallel.serial()).hex()).isEqualTo(e.stateHash());
      }
      listedBefore = lastListed(store);
    }
    assertThat(listedBefore).as("the kills happened mid-run").isLessThan(300);
    Process last = run(out);
    JsonNode resumed = JSON.readTree(last.getInputStream().readAllBytes());
    assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(resumed.get("resumedFrom").asLong()).isPositive();
    assertThat(resumed.get("traceRoot").asText()).isEqualTo(reference.get("traceRoot").asText());
    assertThat(resumed.get("finalStateHash").asText())
        .isEqualTo(reference.get("finalStateHash").asText());
  }

  private static long lastListed(CheckpointStore store) {
    try {
      Optional<Manifest> m = store.readManifest();
      List<Manifest.CheckpointEntry> c = m.map(Manifest::checkpoints).orElse(List.of());
      return c.isEmpty() ? -1 : c.get(c.size() - 1).step();
    } catch (RuntimeException e) {
      throw new AssertionError("manifest unreadable mid-run: " + e.getMessage(), e);
    }
  }

  private static Process run(Path out) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
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
                "300",
                "--batch",
                "16",
                "--lr",
                "0.1",
                "--seed",
                "7",
                "--checkpoint-every",
                "1",
                "--out",
                out.toString(),
                "--threads",
                "1",
                "--dataset-cache",
                TestDatasets.CACHE.toString(),
                "--json"));
    Files.createDirectories(out.getParent());
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }
}
