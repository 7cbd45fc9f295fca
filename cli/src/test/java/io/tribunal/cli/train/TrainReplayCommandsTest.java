package io.tribunal.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.cli.TribunalCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The train and replay commands' usage errors and the train/replay round trip through the real
 * commands.
 */
class TrainReplayCommandsTest {
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

  private Path csv() throws IOException {
    Random r = new Random(3);
    StringBuilder sb = new StringBuilder("a,b,c,d,label\n");
    for (int i = 0; i < 90; i++) {
      int label = i % 3;
      for (int f = 0; f < 4; f++) {
        sb.append(f == label ? "1." : "0.").append(r.nextInt(100)).append(',');
      }
      sb.append(label).append('\n');
    }
    Path csv = dir.resolve("toy.csv");
    Files.writeString(csv, sb);
    return csv;
  }

  private List<String> trainArgs(Path csv, Path out) {
    return new ArrayList<>(
        List.of(
            "train",
            "--dataset",
            csv.toString(),
            "--model",
            "mlp:4-8-3",
            "--steps",
            "30",
            "--batch",
            "8",
            "--lr",
            "0.5",
            "--checkpoint-every",
            "8",
            "--out",
            out.toString(),
            "--json"));
  }

  /**
   * The CLI's one usage-error policy: exit 2, what is wrong on one line, where help is on the next.
   */
  private static void assertOneLineUsageError(Run r, String fragment) {
    assertThat(r.exit()).isEqualTo(2);
    List<String> lines = r.err().strip().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("tribunal: error: ").contains(fragment);
    assertThat(lines.get(1)).startsWith("Try 'tribunal ").endsWith(" --help' for usage.");
  }

  @Test
  void unknownModelSpecIsAOneLineErrorWithExitCodeTwo() throws IOException {
    List<String> args = trainArgs(csv(), dir.resolve("o"));
    args.set(args.indexOf("mlp:4-8-3"), "cnn:3x3");
    assertOneLineUsageError(run(args.toArray(String[]::new)), "unknown model spec");
  }

  @Test
  void missingDatasetIsAOneLineErrorWithExitCodeTwo() {
    List<String> args = trainArgs(dir.resolve("absent.csv"), dir.resolve("o"));
    assertOneLineUsageError(run(args.toArray(String[]::new)), "absent.csv");
  }

  @Test
  void zeroStepsIsAOneLineErrorWithExitCodeTwo() throws IOException {
    List<String> args = trainArgs(csv(), dir.resolve("o"));
    args.set(args.indexOf("30"), "0");
    assertOneLineUsageError(run(args.toArray(String[]::new)), "--steps");
  }

  @Test
  void nonNumericLearningRateIsAOneLineErrorWithExitCodeTwo() throws IOException {
    List<String> args = trainArgs(csv(), dir.resolve("o"));
    args.set(args.indexOf("0.5"), "fast");
    assertOneLineUsageError(run(args.toArray(String[]::new)), "fast");
  }

  @Test
  void helpTeachesTheOptionsWithDefaults() {
    Run r = run("train", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--checkpoint-every", "Default: 250", "--threads", "resumes");
  }

  @Test
  void replayOfATrainedRunMatchesEveryKindOfTransition() throws IOException {
    Path out = dir.resolve("run");
    Run train = run(trainArgs(csv(), out).toArray(String[]::new));
    assertThat(train.exit()).as(train.err()).isZero();
    assertThat(train.out()).contains("\"traceRoot\"", "\"finished\" : true");
    for (String step : List.of("0", "7", "8", "29")) {
      Run replay = run("replay", "--dir", out.toString(), "--step", step, "--json");
      assertThat(replay.exit()).as(replay.err()).isZero();
      assertThat(replay.out()).contains("\"matches\" : true");
    }
    assertOneLineUsageError(run("replay", "--dir", out.toString(), "--step", "30"), "outside");
  }

  @Test
  void corruptCheckpointMakesReplayFailNamingTheFile() throws IOException {
    Path out = dir.resolve("run");
    assertThat(run(trainArgs(csv(), out).toArray(String[]::new)).exit()).isZero();
    Path victim;
    try (Stream<Path> files = Files.list(out.resolve("checkpoints"))) {
      victim = files.sorted().findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(victim);
    bytes[bytes.length / 2] ^= 1;
    Files.write(victim, bytes);
    boolean sawFailure = false;
    for (String step : List.of("0", "8", "16", "24")) {
      Run replay = run("replay", "--dir", out.toString(), "--step", step);
      if (replay.exit() != 0) {
        sawFailure = true;
        assertThat(replay.exit()).isEqualTo(1);
        assertThat(replay.err()).contains(victim.toString()).contains("corrupt checkpoint");
      }
    }
    assertThat(sawFailure).isTrue();
  }

  @Test
  void rerunningAFinishedRunReportsTheSameResultWithoutRetraining() throws IOException {
    Path csv = csv();
    Path out = dir.resolve("run");
    Run first = run(trainArgs(csv, out).toArray(String[]::new));
    Run second = run(trainArgs(csv, out).toArray(String[]::new));
    assertThat(second.exit()).isZero();
    assertThat(second.out())
        .isEqualTo(first.out().replace("\"resumedFrom\" : 0", "\"resumedFrom\" : 30"));
  }
}
