package io.tribunal.verifier;

import io.tribunal.node.config.DaemonExit;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code tribunal verifier}: the verifier role's commands. */
@Command(
    name = "verifier",
    mixinStandardHelpOptions = true,
    description = "Verifier role: sample, replay and attest committed training jobs.",
    subcommands = {VerifierCommand.Run.class, VerifierCommand.Check.class})
public final class VerifierCommand extends io.tribunal.node.daemon.RoleCommand {

  /** {@code tribunal verifier run --config verifier.yaml}. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = "Run the verifier daemon (resumes after a crash).")
  public static final class Run extends io.tribunal.node.daemon.DaemonRunCommand {
    public Run() {
      super("verifier");
    }

    @Override
    protected io.tribunal.node.daemon.RoleDaemon<?> daemon(Path config) {
      return new VerifierDaemon(VerifierConfig.load(config), ChallengeHandoff.LOGGING);
    }

    public static void main(String[] args) {
      DaemonExit.main(new Run(), args);
    }
  }

  /**
   * {@code tribunal verifier check --config verifier.yaml}: everything 'run' needs, without
   * running.
   */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Check a verifier config without starting the daemon: the file (unknown keys, required",
        "fields), the deployment, the key (decrypted, never shown), the data directory, the",
        "metrics port, the RPC node and its chain id, the contracts, gas money, tUSD for the stake,",
        "and the dataset cache (MNIST loads). Sends nothing. Exit 0: all OK; 1: a check failed",
        "(FAIL lines say why); 2: the config file itself is invalid."
      })
  public static final class Check extends io.tribunal.node.config.ConfigCheckCommand {
    @Override
    protected io.tribunal.node.config.ConfigCheck checks(Path config) {
      VerifierConfig c = VerifierConfig.load(config);
      io.tribunal.node.config.ConfigCheck checks =
          new io.tribunal.node.config.ConfigCheck().common(c.daemon(), c.stake());
      checks.datasetCache(c.datasetCache());
      return checks;
    }
  }
}
