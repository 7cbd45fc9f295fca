package io.tribunal.solver.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tribunal.node.http.HttpLimits;
import io.tribunal.node.http.HttpServers;
import io.tribunal.node.metrics.Health;
import io.tribunal.node.metrics.Metrics;
import io.tribunal.node.metrics.MetricsServer;
import io.tribunal.solver.checkpoints.CheckpointServer;
import io.tribunal.solver.checkpoints.JobFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that open a connection and never finish their request cannot pile up: the checkpoint (and
 * relay) server, the stand-alone inference server and the metrics server, started the way the
 * daemons start them (through {@link HttpServers}), close them after the request timeout, and the
 * server process's descriptors ({@code /proc/<pid>/fd}, its {@code /proc/self/fd}) return to where
 * they were. The JDK reads its limits once per JVM, so the servers run in a child JVM that sets
 * short ones through {@link HttpServers#configure}.
 */
class StalledConnectionsTest {
  private static final int PER_SERVER = 1_000;
  private static final int REQUEST_SECONDS = 3;
  private static final int FD_SLACK = 16;
  private static final byte[] PARTIAL =
      "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Never-Finished: "
          .getBytes(StandardCharsets.ISO_8859_1);

  @TempDir Path dir;

  @Test
  void threeThousandStalledConnectionsAreClosedByTheRequestTimeout() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc (Linux)");
    assumeTrue(maxDescriptors() > 8_000, "needs a descriptor limit above 8,000");
    // the operator's -D wins over what the factory is asked to configure
    try (Child child =
        Child.start(dir, REQUEST_SECONDS, 4_096, "-Dsun.net.httpserver.maxRspTime=77")) {
      assertThat(child.limits)
          .contains("sun.net.httpserver.maxReqTime=" + REQUEST_SECONDS)
          .contains("sun.net.httpserver.maxRspTime=77")
          .contains("jdk.httpserver.maxConnections=4096");
      child.warmUp();
      long serverBase = child.fds();
      long selfBase = fds(ProcessHandle.current().pid());

      List<Client> clients = new ArrayList<>();
      for (int port : child.ports) {
        for (int i = 0; i < PER_SERVER; i++) {
          clients.add(Client.stall(port, PARTIAL));
        }
        for (int i = 0; i < 10; i++) {
          clients.add(Client.stall(port, new byte[0])); // connects, never sends a byte
        }
      }
      // the servers accept the burst over a moment (a loaded machine is slower): take the peak,
      // well before the request timer can close anything
      long held =
          peak(child::fds, serverBase + 2_000, Duration.ofMillis(REQUEST_SECONDS * 1000L / 2))
              - serverBase;
      assertThat(held).as("stalled connections the servers hold").isGreaterThan(2_000);

      awaitAllClosed(clients, Duration.ofSeconds(REQUEST_SECONDS + 10));
      for (Client c : clients) {
        if (c.partial) { // closed by the request timer, not before it
          assertThat(c.closedAfterMillis()).isGreaterThanOrEqualTo(REQUEST_SECONDS * 1000L - 50);
        }
      }
      assertThat(awaitAtMost(child::fds, serverBase + FD_SLACK, Duration.ofSeconds(5)))
          .as("server descriptors after the timeouts (baseline %d, peak +%d)", serverBase, held)
          .isLessThanOrEqualTo(serverBase + FD_SLACK);
      child.warmUp(); // every server still answers

      for (Client c : clients) {
        c.channel.close();
      }
      long self = ProcessHandle.current().pid();
      assertThat(awaitAtMost(() -> fds(self), selfBase + FD_SLACK, Duration.ofSeconds(5)))
          .isLessThanOrEqualTo(selfBase + FD_SLACK);
    }
  }

  @Test
  void eachServerHoldsAtMostItsConnectionCap() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc (Linux)");
    int cap = 16;
    try (Child child = Child.start(dir, REQUEST_SECONDS, cap)) {
      child.warmUp();
      long serverBase = child.fds();
      List<Client> clients = new ArrayList<>();
      for (int port : child.ports) {
        for (int i = 0; i < 3 * cap; i++) {
          clients.add(Client.stall(port, PARTIAL));
        }
      }
      Thread.sleep(500);
      long refusedAtOnce = clients.stream().filter(Client::pollClosed).count();
      assertThat(refusedAtOnce)
          .as("connections over the caps, closed on accept")
          .isGreaterThanOrEqualTo(3 * 2L * cap);
      assertThat(child.fds()).isLessThanOrEqualTo(serverBase + 3L * cap + FD_SLACK);

      awaitAllClosed(clients, Duration.ofSeconds(REQUEST_SECONDS + 10));
      assertThat(awaitAtMost(child::fds, serverBase + FD_SLACK, Duration.ofSeconds(5)))
          .isLessThanOrEqualTo(serverBase + FD_SLACK);
      child.warmUp();
      for (Client c : clients) {
        c.channel.close();
      }
    }
  }

  /** The highest value seen within {@code within}, polling until it passes {@code enough}. */
  private static long peak(Count value, long enough, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    long best = value.get();
    while (best <= enough && System.nanoTime() < deadline) {
      Thread.sleep(50);
      best = Math.max(best, value.get());
    }
    return best;
  }

  // ---- the client side: non-blocking channels polled for the server's close ----

  private static final class Client {
    final SocketChannel channel;
    final boolean partial;
    final long startNanos;
    long closedNanos = -1;

    private Client(SocketChannel channel, boolean partial, long startNanos) {
      this.channel = channel;
      this.partial = partial;
      this.startNanos = startNanos;
    }

    static Client stall(int port, byte[] partialRequest) throws IOException {
      SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      long start = System.nanoTime();
      ch.write(ByteBuffer.wrap(partialRequest));
      ch.configureBlocking(false);
      return new Client(ch, partialRequest.length > 0, start);
    }

    /** True once the server closed (EOF or reset); remembers when it was first seen. */
    boolean pollClosed() {
      if (closedNanos < 0) {
        int n;
        try {
          n = channel.read(ByteBuffer.allocate(256));
        } catch (IOException reset) {
          n = -1;
        }
        if (n != 0) { // -1: closed; > 0 would be an answer to a request never finished
          assertThat(n).as("an answer to an unfinished request").isEqualTo(-1);
          closedNanos = System.nanoTime();
        }
      }
      return closedNanos >= 0;
    }

    long closedAfterMillis() {
      return TimeUnit.NANOSECONDS.toMillis(closedNanos - startNanos);
    }
  }

  private static void awaitAllClosed(List<Client> clients, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    long open;
    do {
      Thread.sleep(20);
      open = clients.stream().filter(c -> !c.pollClosed()).count();
    } while (open > 0 && System.nanoTime() < deadline);
    assertThat(open).as("connections the servers never closed").isZero();
  }

  private interface Count {
    long get() throws IOException;
  }

  private static long awaitAtMost(Count count, long target, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    long n = count.get();
    while (n > target && System.nanoTime() < deadline) {
      Thread.sleep(50);
      n = count.get();
    }
    return n;
  }

  private static long fds(long pid) throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return s.count();
    }
  }

  private static long maxDescriptors() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.UnixOperatingSystemMXBean unix
        ? unix.getMaxFileDescriptorCount()
        : 0;
  }

  // ---- the server side: a child JVM with short limits ----

  private static final class Child implements AutoCloseable {
    final Process process;
    final String limits;
    final int[] ports;

    private Child(Process process, String limits, int[] ports) {
      this.process = process;
      this.limits = limits;
      this.ports = ports;
    }

    static Child start(Path dir, int requestSeconds, int maxConnections, String... jvmOptions)
        throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx256m");
      cmd.addAll(List.of(jvmOptions));
      cmd.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              Servers.class.getName(),
              dir.toString(),
              Integer.toString(requestSeconds),
              Integer.toString(maxConnections)));
      Process p =
          new ProcessBuilder(cmd)
              .redirectError(dir.resolve("child.log").toFile())
              .redirectOutput(ProcessBuilder.Redirect.PIPE)
              .start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String limits = out.readLine();
      String ports = out.readLine();
      if (ports == null || !ports.startsWith("ports ")) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "server JVM did not start: " + Files.readString(dir.resolve("child.log")));
      }
      return new Child(
          p,
          limits,
          Stream.of(ports.substring(6).split(" ")).mapToInt(Integer::parseInt).toArray());
    }

    long fds() throws IOException {
      return StalledConnectionsTest.fds(process.pid());
    }

    /** One complete request per server, on a connection it then closes: each must answer. */
    void warmUp() throws IOException {
      for (int port : ports) {
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
          ch.write(
              ByteBuffer.wrap(
                  "GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                      .getBytes(StandardCharsets.ISO_8859_1)));
          ch.socket().setSoTimeout(5_000);
          byte[] answer = ch.socket().getInputStream().readAllBytes();
          assertThat(new String(answer, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 ");
        }
      }
    }

    @Override
    public void close() throws Exception {
      process.getOutputStream().close(); // the child stops when its stdin ends
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /**
   * The child JVM: configures short limits, then starts the three servers as the daemons do and
   * prints their limits and ports; stops when its stdin closes.
   */
  public static final class Servers {
    public static void main(String[] args) throws Exception {
      Path dir = Path.of(args[0]);
      int requestSeconds = Integer.parseInt(args[1]);
      int maxConnections = Integer.parseInt(args[2]);
      HttpServers.configure(
          new HttpLimits(requestSeconds, 10, 2, 200, 100, maxConnections, 16, 8_192));
      Path models = Files.createDirectories(dir.resolve("models"));
      Path jobs = Files.createDirectories(dir.resolve("jobs"));
      try (OfflineInference offline =
              new OfflineInference(
                  models, Files.createDirectories(dir.resolve("data")), h -> true);
          CheckpointServer checkpoints =
              CheckpointServer.start(
                  "127.0.0.1", 0, new JobFiles(jobs, id -> true), Optional.of(body -> "{}"));
          MetricsServer metrics =
              MetricsServer.start(
                  "127.0.0.1", 0, new Metrics("solver"), new Health(Duration.ofMinutes(1)));
          InferenceServer inference =
              InferenceServer.listen(new InetSocketAddress("127.0.0.1", 0), offline.parts)) {
        inference.start();
        System.out.println("limits " + HttpServers.effective());
        System.out.println(
            "ports " + checkpoints.port() + " " + inference.port() + " " + metrics.port());
        System.out.flush();
        while (System.in.read() != -1) {
          // wait for the parent to close our stdin
        }
      }
    }
  }
}
