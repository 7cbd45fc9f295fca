package io.tribunal.solver.daemon;

import io.tribunal.node.config.ConfigCheck;
import io.tribunal.node.config.ConfigCheckCommand;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code tribunal solver check --config solver.yaml}: everything 'run' needs, without running. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check a solver config without starting the daemon: the file (unknown keys, required",
      "fields), the deployment, the key (decrypted, never shown), the data directory, the ports,",
      "the RPC node and its chain id, the contracts, gas money, tUSD for the stake, and the",
      "dataset cache (MNIST loads). Sends nothing. Exit 0: all OK; 1: a check failed (FAIL",
      "lines say why); 2: the config file itself is invalid."
    })
public final class CheckCommand extends ConfigCheckCommand {
  @Override
  protected ConfigCheck checks(Path config) {
    SolverConfig c = SolverConfig.load(config);
    ConfigCheck checks = new ConfigCheck().common(c.daemon(), c.stake());
    if (c.http().port() != 0) {
      checks.check("http port", () -> ConfigCheck.bindable(c.http().host(), c.http().port()));
    }
    checks.datasetCache(c.datasetCache());
    return checks;
  }
}
