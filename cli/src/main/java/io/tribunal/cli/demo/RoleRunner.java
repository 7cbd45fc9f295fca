package io.tribunal.cli.demo;

import io.tribunal.challenger.ChallengerConfig;
import io.tribunal.challenger.ChallengerDaemon;
import io.tribunal.solver.daemon.SolverConfig;
import io.tribunal.solver.daemon.SolverDaemon;
import io.tribunal.verifier.ChallengeHandoff;
import io.tribunal.verifier.VerifierConfig;
import io.tribunal.verifier.VerifierDaemon;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the demo's role daemons, each with its own config (data dir, ports), either on its own
 * thread in this JVM or as its own JVM, and stops them all. Stopping is idempotent, so the normal
 * path and a Ctrl-C shutdown hook can both call it.
 */
abstract sealed class RoleRunner permits RoleRunner.Threads, RoleRunner.Processes {
  /** The daemon kinds the demo runs. */
  enum Kind {
    SOLVER("io.tribunal.solver.daemon.RunCommand"),
    VERIFIER("io.tribunal.verifier.VerifierCommand$Run"),
    CHALLENGER("io.tribunal.challenger.ChallengerCommand$Run");

    final String mainClass;

    Kind(String mainClass) {
      this.mainClass = mainClass;
    }
  }

  static RoleRunner of(boolean processes, Path logDir) {
    return processes ? new Processes(logDir) : new Threads(logDir);
  }

  /** Starts role {@code name} of kind {@code kind} from {@code config}. */
  abstract void start(String name, Kind kind, Path config);

  /** Where role {@code name} logs. */
  abstract Path log(String name);

  /** Fails if a role has died (a thread that threw, a process that exited). */
  abstract void checkAlive();

  /** Stops every role started so far (idempotent). */
  abstract void stopAll();

  /** Each daemon on its own platform thread; all of them log to one file. */
  static final class Threads extends RoleRunner {
    private final Path log;
    private final List<AutoCloseable> daemons = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

    Threads(Path logDir) {
      this.log = logDir.resolve("daemons.log");
    }

    @Override
    synchronized void start(String name, Kind kind, Path config) {
      Runnable loop;
      AutoCloseable daemon;
      switch (kind) {
        case SOLVER -> {
          SolverDaemon d = new SolverDaemon(SolverConfig.load(config));
          daemon = d;
          loop = d::run;
        }
        case VERIFIER -> {
          VerifierDaemon d =
              new VerifierDaemon(VerifierConfig.load(config), ChallengeHandoff.LOGGING);
          daemon = d;
          loop = d::run;
        }
        default -> {
          ChallengerDaemon d = new ChallengerDaemon(ChallengerConfig.load(config));
          daemon = d;
          loop = d::run;
        }
      }
      daemons.add(daemon);
      threads.add(
          Thread.ofPlatform()
              .name(name)
              .daemon()
              .start(
                  () -> {
                    try {
                      loop.run();
                    } catch (RuntimeException e) {
                      failures.add(name + ": " + e.getMessage());
                    }
                  }));
    }

    @Override
    Path log(String name) {
      return log;
    }

    @Override
    void checkAlive() {
      if (!failures.isEmpty()) {
        throw new IllegalStateException(
            "daemon failed: " + failures.get(0) + " (log: " + log + ")");
      }
    }

    @Override
    synchronized void stopAll() {
      for (AutoCloseable d : daemons) {
        try {
          d.close();
        } catch (Exception e) {
          // best effort: the others must still stop
        }
      }
      for (Thread t : threads) {
        try {
          t.join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      daemons.clear();
      threads.clear();
    }
  }

  /** Each daemon as its own JVM on this JVM's class path, logging to {@code <role>.log}. */
  static final class Processes extends RoleRunner {
    private final Path logDir;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    Processes(Path logDir) {
      this.logDir = logDir;
    }

    @Override
    synchronized void start(String name, Kind kind, Path config) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"));
      for (String p : List.of("tribunal.contracts.dir")) {
        if (System.getProperty(p) != null) {
          cmd.add("-D" + p + "=" + System.getProperty(p));
        }
      }
      cmd.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              kind.mainClass,
              "--config",
              config.toString()));
      try {
        Files.createDirectories(logDir);
        Process p =
            new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        processes.add(p);
        names.add(name);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + name, e);
      }
    }

    @Override
    Path log(String name) {
      return logDir.resolve(name + ".log");
    }

    @Override
    synchronized void checkAlive() {
      for (int i = 0; i < processes.size(); i++) {
        if (!processes.get(i).isAlive()) {
          throw new IllegalStateException(
              names.get(i)
                  + " exited ("
                  + processes.get(i).exitValue()
                  + "); log: "
                  + log(names.get(i)));
        }
      }
    }

    @Override
    synchronized void stopAll() {
      for (Process p : processes) {
        p.destroy(); // SIGTERM: the daemon's shutdown hook closes it
      }
      for (Process p : processes) {
        try {
          if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          p.destroyForcibly();
        }
      }
      processes.clear();
      names.clear();
    }
  }
}
