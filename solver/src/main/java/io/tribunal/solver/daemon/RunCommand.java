package io.tribunal.solver.daemon;

import io.tribunal.protocol.config.DaemonExit;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tribunal solver run --config solver.yaml}: the staking client daemon. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the solver daemon: stake, claim jobs that fit the policy, train, commit, serve",
      "checkpoints (and relay users' signed jobs), finalize and withdraw. Resumes after a crash."
    })
public final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "solver.yaml (see docs/operators.md).")
  Path config;

  @Override
  public Integer call() throws Exception {
    SolverConfig c = SolverConfig.load(config);
    SolverDaemon daemon = new SolverDaemon(c);
    return io.tribunal.protocol.daemon.SignalStop.runUntilStopped(
        "solver", daemon::isRunning, daemon, daemon::run);
  }

  /** Runs the daemon without the CLI (tests start it as its own JVM with this main class). */
  public static void main(String[] args) {
    DaemonExit.main(new RunCommand(), args);
  }
}
