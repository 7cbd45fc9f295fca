package io.tribunal.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@link AnvilProcess} launches anvil: the command line (host, port, chain-state file, mixed
 * mining), the port check, and the wait until the node answers {@code eth_chainId}.
 */
final class AnvilLauncher {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private AnvilLauncher() {}

  static Process spawn(Path anvil, int port, Path log, int blockTimeSeconds, Path chainState) {
    List<String> cmd = new ArrayList<>();
    cmd.add(anvil.toString());
    cmd.addAll(List.of("--host", AnvilProcess.HOST, "--port", Integer.toString(port)));
    if (chainState != null) {
      cmd.addAll(
          List.of(
              "--state",
              chainState.toAbsolutePath().toString(),
              "--state-interval",
              Integer.toString(AnvilProcess.STATE_INTERVAL_SECONDS)));
    }
    if (blockTimeSeconds > 0) {
      cmd.addAll(List.of("--mixed-mining", "--block-time", Integer.toString(blockTimeSeconds)));
    }
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      return new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start anvil at " + anvil + ": " + e.getMessage(), e);
    }
  }

  static void awaitReady(Process process, int port, String rpcUrl, Path log) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    HttpRequest chainId =
        HttpRequest.newBuilder(URI.create(rpcUrl))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(2))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
            .build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "anvil exited with code "
                + process.exitValue()
                + " on port "
                + port
                + ": "
                + tail(log));
      }
      try {
        HttpResponse<String> r = http.send(chainId, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("\"result\"")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for anvil", e);
      }
      sleep(25);
    }
    throw new IllegalStateException(
        "anvil did not answer on " + rpcUrl + " within " + READY_TIMEOUT);
  }

  /** {@code port} if nothing listens on it; a {@link AnvilProcess.PortBusyException} if taken. */
  static int requireFree(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(AnvilProcess.HOST))) {
      return port;
    } catch (BindException e) {
      throw new AnvilProcess.PortBusyException(port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check port " + port, e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
