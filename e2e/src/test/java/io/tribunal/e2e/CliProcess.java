package io.tribunal.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of the {@code tribunal} command as a user runs it: its own JVM (the test's classpath),
 * stdin from a string, stdout and stderr captured, and its exit code.
 */
record CliProcess(int exit, String out, String err) {
  static CliProcess run(Path workDir, String stdin, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"));
    cmd.addAll(
        List.of("-cp", System.getProperty("java.class.path"), "io.tribunal.cli.TribunalCli"));
    cmd.addAll(args);
    try {
      Path out = workDir.resolve("cli-" + System.nanoTime() + ".out");
      Path err = workDir.resolve("cli-" + System.nanoTime() + ".err");
      Process p =
          new ProcessBuilder(cmd)
              .directory(workDir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      try (var in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("tribunal " + args + " did not finish in 120 s");
      }
      return new CliProcess(
          p.exitValue(), java.nio.file.Files.readString(out), java.nio.file.Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
