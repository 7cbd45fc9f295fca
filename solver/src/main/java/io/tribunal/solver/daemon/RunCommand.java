package io.tribunal.solver.daemon;

import io.tribunal.node.config.DaemonExit;
import io.tribunal.node.daemon.DaemonRunCommand;
import io.tribunal.node.daemon.RoleDaemon;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code tribunal solver run --config solver.yaml}: the staking client daemon. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the solver daemon: stake, claim jobs that fit the policy, train, commit, serve",
      "checkpoints (and relay users' signed jobs), finalize and withdraw. Resumes after a crash."
    })
public final class RunCommand extends DaemonRunCommand {
  public RunCommand() {
    super("solver");
  }

  @Override
  protected RoleDaemon<?> daemon(Path config) {
    return new SolverDaemon(SolverConfig.load(config));
  }

  /** Runs the daemon without the CLI (tests start it as its own JVM with this main class). */
  public static void main(String[] args) {
    DaemonExit.main(new RunCommand(), args);
  }
}
