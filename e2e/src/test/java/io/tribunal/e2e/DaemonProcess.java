package io.tribunal.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A role daemon running as its own JVM, started from the test classpath with the role's {@code
 * main} class, its output in a log file the test reads. {@link #kill9()} is SIGKILL: no shutdown
 * hook, no flush, exactly what a crash looks like to the daemon's state.
 */
final class DaemonProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final long offset;

  private DaemonProcess(String name, Process process, Path log, long offset) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.offset = offset;
  }

  static DaemonProcess start(
      String name, String mainClass, Path log, Map<String, String> props, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"));
    String contracts = System.getProperty("tribunal.contracts.dir");
    if (contracts != null) {
      cmd.add("-Dtribunal.contracts.dir=" + contracts);
    }
    props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(List.of(args));
    try {
      Files.createDirectories(log.getParent());
      long offset = Files.exists(log) ? Files.size(log) : 0;
      Files.writeString(
          log,
          "==== " + name + " started ====\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      return new DaemonProcess(name, p, log, offset);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** What this run logged (a restarted daemon appends to the same file). */
  String log() {
    try {
      byte[] all = Files.readAllBytes(log);
      return new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until this run's log matches; returns the match. */
  Matcher awaitLog(String regex, Duration timeout) {
    Pattern p = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Matcher m = p.matcher(log());
      if (m.find()) {
        return m;
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            name
                + " exited ("
                + process.exitValue()
                + ") before logging /"
                + regex
                + "/:\n"
                + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not log /" + regex + "/ in time:\n" + tail());
      }
      sleep(100);
    }
  }

  /** Counts occurrences of a pattern in the log. */
  int count(String regex) {
    Matcher m = Pattern.compile(regex).matcher(log());
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " did not exit in time:\n" + tail());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGTERM, as an init system stops a service; returns the exit code. */
  int terminate(Duration timeout) {
    process.destroy();
    return awaitExit(timeout);
  }

  /** SIGKILL, then waits for the process to be gone. */
  void kill9() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String tail() {
    String s = log();
    return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill9();
    }
  }
}
