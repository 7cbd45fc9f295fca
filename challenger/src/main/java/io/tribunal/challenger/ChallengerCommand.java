package io.tribunal.challenger;

import io.tribunal.node.config.DaemonExit;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code tribunal challenger}: the challenger role's commands. */
@Command(
    name = "challenger",
    mixinStandardHelpOptions = true,
    description = "Challenger role: replay commitments, dispute cheats, collect bounties.",
    subcommands = {ChallengerCommand.Run.class, ChallengerCommand.Check.class})
public final class ChallengerCommand extends io.tribunal.node.daemon.RoleCommand {

  /** {@code tribunal challenger run --config challenger.yaml}. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run the challenger bot: watch every commitment, replay the solver's",
        "checkpoints (sampled or all); on a mismatch open a dispute game (bond),",
        "play it to the end and withdraw the bounty and the bond.",
        "Resumes after a crash, mid-game included."
      })
  public static final class Run extends io.tribunal.node.daemon.DaemonRunCommand {
    public Run() {
      super("challenger");
    }

    @Override
    protected io.tribunal.node.daemon.RoleDaemon<?> daemon(Path config) {
      return new ChallengerDaemon(ChallengerConfig.load(config));
    }

    /** Runs the daemon without the CLI (tests start it as its own JVM with this main class). */
    public static void main(String[] args) {
      DaemonExit.main(new Run(), args);
    }
  }

  /**
   * {@code tribunal challenger check --config challenger.yaml}: everything 'run' needs, without
   * running.
   */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Check a challenger config without starting the daemon: the file (unknown keys, required",
        "fields), the deployment, the key (decrypted, never shown), the data directory, the",
        "metrics port, the RPC node and its chain id, the contracts, gas money,",
        "and the dataset cache (MNIST loads). Sends nothing. Exit 0: all OK; 1: a check failed",
        "(FAIL lines say why); 2: the config file itself is invalid."
      })
  public static final class Check extends io.tribunal.node.config.ConfigCheckCommand {
    @Override
    protected io.tribunal.node.config.ConfigCheck checks(Path config) {
      ChallengerConfig c = ChallengerConfig.load(config);
      io.tribunal.node.config.ConfigCheck checks =
          new io.tribunal.node.config.ConfigCheck().common(c.daemon(), null);
      checks.datasetCache(c.datasetCache());
      return checks;
    }
  }
}
