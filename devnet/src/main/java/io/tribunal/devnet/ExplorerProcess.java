package io.tribunal.devnet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The web explorer as a companion of a devnet ({@code devnet up --explorer}): started detached with
 * the same launcher as the running command ({@code tribunal explorer --deployment DIR/...}), its
 * pid in {@code DIR/explorer.pid} and its output in {@code DIR/explorer.log}, and stopped by {@code
 * devnet down}. The devnet module does not depend on the explorer's code: it runs the command.
 */
public final class ExplorerProcess {
  private static final Duration READY = Duration.ofSeconds(90);

  private ExplorerProcess() {}

  /** The explorer's URL once it answers on {@code port}; fails with its log's tail otherwise. */
  public static String start(DevnetDirectory dir, int port) {
    stop(dir);
    Path log = dir.root().resolve("explorer.log");
    List<String> command = launcher();
    command.addAll(
        List.of(
            "explorer",
            "--deployment",
            dir.deploymentFile().toAbsolutePath().toString(),
            "--port",
            Integer.toString(port)));
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
              .start();
      Files.writeString(pidFile(dir), Long.toString(p.pid()));
      long deadline = System.nanoTime() + READY.toNanos();
      while (System.nanoTime() < deadline) {
        if (answers(port)) {
          return "http://127.0.0.1:" + port + "/";
        }
        if (!p.isAlive()) {
          break;
        }
        Thread.sleep(200);
      }
      p.destroy();
      Files.deleteIfExists(pidFile(dir));
      throw new IllegalStateException(
          "the explorer did not start on port "
              + port
              + "; its log "
              + log
              + " ends:\n"
              + tail(log));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the explorer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the explorer started", e);
    }
  }

  /** Stops the explorer this directory recorded, if it still runs; its pid if it did. */
  public static Optional<Long> stop(DevnetDirectory dir) {
    Path pid = pidFile(dir);
    try {
      if (!Files.isRegularFile(pid)) {
        return Optional.empty();
      }
      long id = Long.parseLong(Files.readString(pid).trim());
      Files.deleteIfExists(pid);
      Optional<ProcessHandle> h = ProcessHandle.of(id).filter(ProcessHandle::isAlive);
      h.ifPresent(
          p -> {
            p.destroy();
            p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(x -> p);
          });
      return h.map(ProcessHandle::pid);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Path pidFile(DevnetDirectory dir) {
    return dir.root().resolve("explorer.pid");
  }

  /** The java command that started this process: {@code -jar tribunal.jar} or class path + main. */
  private static List<String> launcher() {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String main = System.getProperty("sun.java.command", "").split(" ")[0];
    List<String> c = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
    if (main.endsWith(".jar")) {
      c.addAll(List.of("-jar", main));
    } else {
      c.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
    }
    return c;
  }

  private static boolean answers(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
