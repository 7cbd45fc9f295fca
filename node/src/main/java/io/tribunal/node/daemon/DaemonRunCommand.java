package io.tribunal.node.daemon;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * A role's {@code run --config FILE} command: the role builds its daemon from the file, this class
 * runs it until it stops or is signalled ({@link SignalStop#runUntilStopped}). Exit 0 after a clean
 * stop; an invalid config or a failed start-up is reported by the CLI's exit policy.
 */
public abstract class DaemonRunCommand implements Callable<Integer> {
  @CommandLine.Mixin io.tribunal.node.config.RoleConfigFile config;

  private final String role;

  /**
   * @param role the role's name in the signal-stop log line
   */
  protected DaemonRunCommand(String role) {
    this.role = role;
  }

  /** The role's daemon, configured from {@code config} (loading it throws on an invalid file). */
  protected abstract RoleDaemon<?> daemon(Path config);

  @Override
  public final Integer call() throws Exception {
    RoleDaemon<?> d = daemon(config.file());
    return SignalStop.runUntilStopped(role, d::isRunning, d, d::run);
  }
}
